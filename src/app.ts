import { createDelivery } from './campaigns/delivery.js'
import { type Campaigns, campaignsMigrations, createCampaigns } from './campaigns/index.js'
import { catalogMigrations, catalogProjection } from './catalog/index.js'
import { type Channels, channelsMigrations, createChannels } from './channels/index.js'
import { type Config, publicUrlOf, withPublicUrl } from './config/index.js'
import { type Connectors, connectorsMigrations, createConnectors } from './connectors/index.js'
import { type Consent, consentMigrations, createConsent } from './consent/index.js'
import { type Coupons, couponsMigrations, createCoupons, redeemedDiscounts } from './coupons/index.js'
import {
  type Database,
  ensureSecret,
  openDatabase,
  readSetting,
  replaceSecret,
  settingsMigrations,
  writeSetting,
} from './db/index.js'
import {
  addWriteKey,
  createEventMonths,
  createIngestor,
  createProjector,
  type EventIngestor,
  type EventMonths,
  eventReadStart,
  eventsArrivedAfter,
  eventsMigrations,
  listWriteKeys,
  type Projection,
  type Projector,
} from './events/index.js'
import { createGiftNotices } from './gift-notices/index.js'
import { checkReadiness, createMetrics, type Metrics, type Readiness } from './operations/index.js'
import {
  buyersOfOrders,
  completedOrdersInWindows,
  completedOrderValues,
  openCartsByIds,
  ordersByIds,
  ordersInWindows,
  ordersMigrations,
  ordersProjection,
  ordersWithIds,
  orderTotalsFor,
  purchaseDays,
} from './orders/index.js'
import {
  createPredictions,
  type Predictions,
  predictMigrations,
  type StoredPrediction,
} from './predict/index.js'
import { createPrivacy, type Privacy, privacyMigrations } from './privacy/index.js'
import {
  displayNameOf,
  findMemberByContact,
  getCustomers,
  membersAmong,
  membersMatching,
  membersWithBirthdayOn,
  profilesMigrations,
  profilesProjection,
} from './profiles/index.js'
import {
  createRadar,
  markContacted,
  type Radar,
  radarMigrations,
  raiseSignals,
  signalsStoredAfter,
} from './radar/index.js'
import { createRecommendations, type Recommendations, recsMigrations, recsProjection } from './recs/index.js'
import { createShipping, type Shipping, shippingMigrations, shippingProjection } from './shipping/index.js'
import { installStarterSet } from './starter-set.js'
import { createTemplates, type Templates, templatesMigrations } from './templates/index.js'
import { createUsers, type Users, usersMigrations } from './users/index.js'

/** The wired application: database, services and the secrets they need. */
export interface Reel {
  config: Config
  database: Database
  ingestor: EventIngestor
  /** The projections `reel rebuild` replays (the radar rebuilds itself: `radar.recompute`). */
  projections: Projection[]
  /** Projects the log behind the ingestor: state first, then reactions (coupons, radar, notices). */
  projector: Projector
  /** The log's monthly partitions on PostgreSQL: made ahead, dropped past REEL_EVENT_RETENTION_MONTHS. */
  eventMonths: EventMonths
  radar: Radar
  coupons: Coupons
  consent: Consent
  templates: Templates
  channels: Channels
  campaigns: Campaigns
  /** Dashboard users and their sessions. */
  users: Users
  /** "Bought X, needs Y": per customer, per order, per product. */
  recommendations: Recommendations
  /** Shipments, delivery promises, order updates and the tracking page. */
  shipping: Shipping
  /** Churn probability, expected orders and customer value, fitted on the shop's orders. */
  predictions: Predictions
  /** Erasure and export of one customer's data (GDPR), as a shop platform or an operator asks. */
  privacy: Privacy
  /** Shop platforms (Shopify, WooCommerce) posting their webhooks, mapped to the tracking API's events. */
  connectors: Connectors
  /** This Reel's Prometheus metrics (`GET /metrics`), in a registry of its own. */
  metrics: Metrics
  /** Whether this Reel should take traffic (`GET /ready`): its schema applied, its projectors not far behind. */
  readiness(): Promise<Readiness>
  /** A message template rendered for a customer, as the template preview shows it. */
  previewTemplate(
    templateId: string,
    customerId: string,
  ): ReturnType<ReturnType<typeof createDelivery>['preview']>
  clock: () => Date
  /** The token the admin API accepts now: read at each call, so a rotation takes effect at once. */
  currentAdminToken(): Promise<string | undefined>
  /** Replaces the stored admin token and returns the new one (refused when REEL_ADMIN_TOKEN sets it). */
  rotateAdminToken(): Promise<string>
  /** Records where this server listens, for the links of CLI commands (StartOptions.linksAsServer). */
  recordListening(listen: { host: string; port: number }): Promise<void>
  /** Secrets generated on this start, to show the operator. */
  generated: { adminToken?: string; writeKey?: string }
  close(): Promise<void>
}

const ADMIN_TOKEN = 'admin_token'
const ADMIN_TOKEN_PREFIX = 'rat_'
const SERVER_URL = 'server_public_url'
const GLOBAL_HOLDOUT_SALT = 'global_holdout_salt'
/** How long an in-process write waits to be projected (by this process, or by the workers of an API one). */
const SETTLE_WAIT_MS = 30_000
/** Products a message's `{{ recommendations }}` holds: a row of four fits a mail and a phone. */
const TEMPLATE_RECOMMENDATIONS = 4

/** REEL_ADMIN_TOKEN is set: it is the admin token, and the stored one is not used. */
export class AdminTokenConfiguredError extends Error {
  constructor() {
    super(
      'REEL_ADMIN_TOKEN is set, and the admin API accepts that token instead of the stored one: to change it, ' +
        'set a new REEL_ADMIN_TOKEN where the server runs and restart it (or unset it to use a stored token)',
    )
  }
}

export const migrations = [
  ...settingsMigrations,
  ...eventsMigrations,
  ...catalogMigrations,
  ...ordersMigrations,
  ...profilesMigrations,
  ...radarMigrations,
  ...couponsMigrations,
  ...channelsMigrations,
  ...consentMigrations,
  ...templatesMigrations,
  ...campaignsMigrations,
  ...usersMigrations,
  ...recsMigrations,
  ...shippingMigrations,
  ...predictMigrations,
  ...privacyMigrations,
  ...connectorsMigrations,
]

/**
 * Projections in the order they run: profiles read the orders' totals, recommendations the orders and
 * products, shipments the orders' customers.
 */
export function createProjections(): Projection[] {
  return [
    catalogProjection(),
    ordersProjection(),
    profilesProjection(orderTotalsFor),
    recsProjection(),
    shippingProjection(),
  ]
}

export interface StartOptions {
  clock?: () => Date
  /** CLI commands share the running server's embedded database instead of taking the folder. */
  attachToRunning?: boolean
  /**
   * Links (wallet, claim, preference) start where the last `reel serve` on this database listened, unless
   * REEL_PUBLIC_URL is set: a CLI command run without the server's PORT still builds the server's links.
   */
  linksAsServer?: boolean
  /**
   * `api` (`reel serve --role api`): this process only appends and reads; an in-process write waits for
   * the workers to project it instead of projecting it here.
   */
  role?: 'all' | 'api' | 'worker'
}

/** The composition root: config → database → modules. HTTP and workers are started by the caller. */
export async function startReel(given: Config, options: StartOptions = {}): Promise<Reel> {
  let config = given
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    attachToRunning: options.attachToRunning ?? false,
    embeddedSharedBuffers: config.embeddedSharedBuffers,
  })
  try {
    await database.migrate(migrations)
    const serverUrl =
      options.linksAsServer && !config.publicUrlConfigured
        ? await readSetting(database.db, SERVER_URL)
        : undefined
    if (serverUrl) config = withPublicUrl(config, serverUrl)
    const clock = options.clock ?? (() => new Date())
    const projections = createProjections()
    const radar = createRadar({
      db: database.db,
      clock,
      settings: config.radar,
      // Measured at 2.25M events: 1,000 keeps an embedded recompute under 512 MB (471 MB; 572 MB with 2,000);
      // on PostgreSQL, whose memory is its own, 2,000 is 20% faster.
      recomputeChunk: database.engine === 'embedded' ? 1000 : 2000,
    })
    const giftSecret = await ensureSecret(database.db, 'gift_secret', undefined, 'gs_')
    const coupons = createCoupons({
      db: database.db,
      clock,
      settings: config.coupons,
      secret: giftSecret.value,
      orderValues: completedOrderValues,
      membersAmong,
      findMemberByContact,
      displayNameOf,
      membersWithBirthdayOn,
      raiseSignals,
      ingest: (batch, tx) => ingestor.ingest(batch, { source: 'reel', tx }),
      onGiftEvents: (tx, events) => giftNotices(tx, events),
    })
    const consent = createConsent({
      db: database.db,
      clock,
      settings: config.consent,
      customersOf: getCustomers,
    })
    const templates = createTemplates({ db: database.db, clock })
    const channels = createChannels({
      db: database.db,
      pool: database.pool,
      clock,
      settings: config.channels,
      dataDir: config.dataDir,
      ingest: (batch) => ingestor.ingest(batch, { source: 'reel' }),
    })
    // A gift's receiver hears of it, its giver of how it ended, in the transaction of the change.
    const giftNotices = createGiftNotices({
      consent,
      templates,
      channels,
      clock,
      shopName: config.shopName,
      defaultTimeZone: config.consent.defaultTimeZone,
      customersOf: getCustomers,
      walletUrl: async (tx, customerId) => (await coupons.createWalletLink(customerId, tx)).url,
    })
    const predictions = createPredictions({
      db: database.db,
      clock,
      settings: config.predict,
      timeZone: config.consent.defaultTimeZone,
      purchaseDays,
      raiseSignals,
    })
    const recommendations = createRecommendations({
      db: database.db,
      clock,
      customerExists: async (db, id) => (await getCustomers(db, [id])).has(id),
    })
    const delivery = createDelivery({
      consent,
      templates,
      channels,
      coupons,
      shopName: config.shopName,
      defaultCurrency: config.radar.defaultCurrency,
      async recipients(db, ids) {
        const [profiles, predicted] = await Promise.all([
          getCustomers(db, ids),
          predictions.forCustomers(db, ids),
        ])
        const text = (v: unknown) => (typeof v === 'string' ? v : null)
        return new Map(
          [...profiles].map(([id, c]) => [
            id,
            {
              name: text(c.traits.name ?? c.traits.first_name),
              email: c.email,
              locale: text(c.traits.locale),
              // `{{ customer.predictions.p_alive }}`, named as the audience rules name them.
              traits: { ...c.traits, predictions: templatePredictions(predicted.get(id)) },
            },
          ]),
        )
      },
      ordersInWindows,
      ordersByIds,
      openCartsByIds,
      async recommendationsFor(db, customerId, orderId) {
        const list = await recommendations.forCustomer(
          customerId,
          { limit: TEMPLATE_RECOMMENDATIONS, ...(orderId === null ? {} : { contextOrderId: orderId }) },
          db,
        )
        if (typeof list === 'string') return []
        return list.items.map(({ productId, name, imageUrl, price, url, category, source }) => ({
          productId,
          name,
          imageUrl,
          price,
          url,
          category,
          source,
        }))
      },
    })
    const shipping = createShipping({
      db: database.db,
      clock,
      settings: config.shipping,
      holdoutSalt: (await ensureSecret(database.db, 'shipping_holdout_salt', undefined, 'shs_')).value,
      webhookToken: (
        await ensureSecret(database.db, 'carrier_webhook_token', config.shipping.webhookToken, 'rcw_')
      ).value,
      publicUrl: config.coupons.publicUrl,
      consent,
      templates,
      channels,
      shopName: config.shopName,
      defaultTimeZone: config.consent.defaultTimeZone,
      customersOf: getCustomers,
      ordersWithIds,
      async emailsOf(db, ids) {
        return new Map([...(await getCustomers(db, ids))].map(([id, c]) => [id, c.email]))
      },
      async recommendationsFor(db, customerId, orderId) {
        const list = await recommendations.forCustomer(
          customerId,
          { limit: TEMPLATE_RECOMMENDATIONS, contextOrderId: orderId },
          db,
        )
        return typeof list === 'string'
          ? []
          : list.items.map(({ productId, name, imageUrl, price, url }) => ({
              productId,
              name,
              imageUrl,
              price,
              url,
            }))
      },
    })
    // The shop-wide holdout's salt, made once: the same members stay out of marketing for good.
    const globalHoldoutSalt = await ensureSecret(database.db, GLOBAL_HOLDOUT_SALT, undefined, 'ghs_')
    const campaigns = createCampaigns({
      db: database.db,
      globalHoldout: { salt: globalHoldoutSalt.value, share: config.campaigns.globalHoldoutShare },
      clock,
      settings: config.campaigns,
      signalsStoredAfter,
      markContacted,
      eventsArrivedAfter,
      eventReadStart,
      membersMatching,
      ordersInWindows,
      completedOrdersInWindows,
      redeemedDiscounts,
      currency: config.radar.defaultCurrency,
      timeZone: config.consent.defaultTimeZone,
      facts: (db, enrolments, now) => delivery.facts(db, enrolments, now),
      send: (db, requests) => delivery.send(db, requests),
      holdoutHeldUntil: (db, requests) => delivery.holdoutHeldUntil(db, requests),
      deliveryStates: (db, keys) => channels.deliveryStates(db, keys),
      configuredChannels: () => channels.configured(),
      onRound: (seconds, failed) => metrics.campaignRound(seconds, failed),
    })
    // The log is written first; projectors follow. State (profiles, orders, catalogue, recommendations,
    // shipments) then reactions (redemptions, the radar, order notices), which read the state and never
    // run ahead of it.
    const reactions = [coupons.projection, radar.projection, shipping.notifier]
    const projector = createProjector({
      db: database.db,
      groups: [
        { name: 'state', projections },
        { name: 'reactions', projections: reactions },
      ],
      batchSize: database.engine === 'embedded' ? 1000 : 2000,
    })
    const ingestor = createIngestor({
      db: database.db,
      clock,
      projections: [...projections, ...reactions],
      appended: () => projector.wake(),
      settle: async (position) => {
        if (options.role !== 'api') await projector.settle(position, SETTLE_WAIT_MS)
        else await projector.waitFor(position, SETTLE_WAIT_MS)
      },
    })
    const metrics = createMetrics({
      engine: database.engine,
      lag: () => projector.lag(),
      outbox: () => channels.overview(),
      pool: () => ({
        total: database.pool.totalCount,
        idle: database.pool.idleCount,
        waiting: database.pool.waitingCount,
        max: database.pool.options.max ?? 0,
      }),
    })
    // Applied migrations stay applied: once none is pending, the probe stops asking.
    let migrated = false
    const readinessSources = {
      pendingMigrations: async () => {
        if (migrated) return []
        const pending = await database.pendingMigrations(migrations)
        migrated = pending.length === 0
        return pending
      },
      lag: () => projector.lag(),
    }
    const privacy = createPrivacy({ db: database.db, clock })
    await installStarterSet(database.db, { templates, coupons, campaigns })
    const generated: Reel['generated'] = {}
    const admin = await ensureSecret(database.db, ADMIN_TOKEN, config.adminToken, ADMIN_TOKEN_PREFIX)
    if (admin.created) generated.adminToken = admin.value
    if (config.writeKey) await addWriteKey(database.db, 'REEL_WRITE_KEY', config.writeKey)
    else if ((await listWriteKeys(database.db)).length === 0)
      generated.writeKey = await addWriteKey(database.db, 'default')
    return {
      config,
      database,
      ingestor,
      projections,
      projector,
      eventMonths: createEventMonths({
        db: database.db,
        clock,
        retentionMonths: config.eventRetentionMonths,
      }),
      radar,
      coupons,
      consent,
      templates,
      channels,
      campaigns,
      recommendations,
      shipping,
      predictions,
      privacy,
      connectors: createConnectors({
        db: database.db,
        clock,
        ingestor,
        privacy,
        settings: config.connectors,
        buyersOfOrders,
      }),
      metrics,
      readiness: () => checkReadiness(readinessSources, config.operations),
      users: createUsers({ db: database.db, clock, settings: config.sessions }),
      previewTemplate: (templateId, customerId) => delivery.preview(database.db, templateId, customerId),
      clock,
      currentAdminToken: async () => config.adminToken ?? readSetting(database.db, ADMIN_TOKEN),
      async rotateAdminToken() {
        if (config.adminToken) throw new AdminTokenConfiguredError()
        return replaceSecret(database.db, ADMIN_TOKEN, ADMIN_TOKEN_PREFIX)
      },
      async recordListening(listen) {
        const publicUrl = config.publicUrlConfigured ? config.coupons.publicUrl : undefined
        await writeSetting(database.db, SERVER_URL, publicUrlOf({ ...listen, publicUrl }))
      },
      generated,
      close: async () => {
        metrics.close()
        await channels.close()
        await database.close()
      },
    }
  } catch (error) {
    await database.close()
    throw error
  }
}

/** A customer's predictions as templates read them (null without any). */
function templatePredictions(p: StoredPrediction | undefined) {
  if (!p) return null
  return {
    p_alive: p.pAlive,
    expected_orders_30d: p.expectedOrders30d,
    expected_orders_90d: p.expectedOrders90d,
    expected_orders_365d: p.expectedOrders365d,
    expected_order_value: p.expectedOrderValue,
    predicted_value_12m: p.predictedValue12m,
    value_if_active_12m: p.valueIfActive12m,
    next_order_on: p.nextOrderOn,
    currency: p.currency,
  }
}

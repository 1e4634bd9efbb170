import { createHash } from 'node:crypto'
import type { Consent } from '../consent/index.js'
import type { AnyDb } from '../db/index.js'
import type { CustomerMerge, Projection, RawMessage, StoredEvent } from '../events/index.js'
import { isAnonymousCustomer } from '../events/index.js'
import { startTicker, type Ticker } from '../jobs/index.js'
import type { ShippedOrder } from '../orders/index.js'
import { type CarrierFormat, shipmentEventProperties, updatesFrom } from './adapters.js'
import { type CareSettings, readCare, writeCare } from './care.js'
import { type DelayReason, delayOf, usualSilences } from './delays.js'
import { orderOfToken, trackingToken } from './links.js'
import {
  holdoutOf,
  type NotifierDeps,
  type ShipmentNotice,
  type StatedPromise,
  sendShipmentNotices,
} from './notifier.js'
import { inShippingHoldout, noticeFor, noticeKey } from './plan.js'
import { createPromises } from './promises.js'
import {
  listShipments,
  type PromiseRecord,
  promiseRecord,
  type ShipmentRecord,
  shipmentsByTracking,
  shipmentsOfOrders,
  shipmentsOnTheWay,
  statusCounts,
  type TimelineEntry,
  timelinesOf,
} from './queries.js'
import type { ShippingSettings } from './settings.js'
import type { ShipmentStatus } from './taxonomy.js'
import { type WismoFigure, wismoFigure } from './wismo.js'

/** Events whose order's shipments may have news to tell. */
const NEWS_EVENTS = new Set([
  'Shipment Updated',
  'Return Requested',
  'Return Received',
  'Order Refunded',
  'Order Completed',
])
const WATCH_PAGE = 500
/** Parcels on their way the overview looks at for delays, most recently scanned first. */
const OVERVIEW_OPEN = 2000

export interface ShippingDeps extends Omit<NotifierDeps, 'trackingUrl' | 'care' | 'promiseOf' | 'holdout'> {
  db: AnyDb
  settings: ShippingSettings
  /** The shop's salt for the shipping holdout, made once. */
  holdoutSalt: string
  /** Where the customer's pages live (REEL_PUBLIC_URL). */
  publicUrl: string
  consent: NotifierDeps['consent'] & Pick<Consent, 'setPreferences' | 'preferences'>
  /** The carrier and help desk webhooks' token. */
  webhookToken: string
  /** A customer's profile e-mail, for the order number + e-mail lookup. */
  emailsOf(db: AnyDb, ids: readonly string[]): Promise<Map<string, string | null>>
}

/** An order's shipments as its tracking page shows them. */
export interface TrackedOrder {
  order: ShippedOrder
  shipments: Array<ShipmentRecord & { timeline: TimelineEntry[]; promise: StatedPromise | null }>
}

export interface Shipping {
  /** The live notifier, run after the projections in the ingesting transaction (not in a rebuild). */
  notifier: Projection
  /** A carrier webhook's body as `Shipment Updated` events, each tied to its order's customer when known. */
  carrierEvents(db: AnyDb, format: CarrierFormat, body: unknown, receivedAt: string): Promise<RawMessage[]>
  webhookToken: string
  /** A help desk's contact as a `Support Contacted` event of the order's buyer (or the customer given). */
  contactEvent(db: AnyDb, contact: SupportContact, receivedAt: string): Promise<RawMessage | undefined>
  /** The tracking page's link for an order (the same link every time). */
  trackingUrl(db: AnyDb, orderId: string): Promise<string>
  /** An order's shipments for the admin API, with its tracking link (made on first ask), if the order exists. */
  orderShipments(orderId: string): Promise<{ trackingUrl: string; tracked: TrackedOrder } | undefined>
  /** An order by its tracking token, with its shipments, timelines and promises. */
  tracked(token: string): Promise<TrackedOrder | undefined>
  /** The tracking token of an order, given its number and the buyer's e-mail (any case). */
  findByOrderAndEmail(orderId: string, email: string): Promise<string | undefined>
  /** A bare tracking number's status only: never a name, an address or the items. */
  statusByTracking(
    trackingNumber: string,
  ): Promise<Array<{ status: ShipmentStatus; statusAt: number; carrier: string | null }>>
  /** The channel the buyer of a tracked order wants order updates on (`none`: no order updates). */
  chooseChannel(token: string, channel: OrderUpdatesChannel): Promise<boolean>
  /** The channel order updates go on for this customer now, or none. */
  chosenChannel(customerId: string): Promise<OrderUpdatesChannel>
  care(): Promise<CareSettings>
  setCare(care: CareSettings): Promise<CareSettings>
  list(filter: Parameters<typeof listShipments>[1]): Promise<ShipmentRecord[]>
  overview(now: Date): Promise<ShippingOverview>
  /** Whether a shipment is in the holdout, by the shop's salt (`share` defaults to REEL_SHIPPING_HOLDOUT). */
  heldOut(shipmentId: string, share?: number): boolean
  /**
   * Records the holdout assignment of shipments told of outside the live path (the demo shop's history, as
   * if Reel had run all along); an assignment already stored stays.
   */
  assign(shipmentIds: readonly string[], share?: number): Promise<void>
  /** Looks for late and silent parcels and tells their buyers once; returns the notices sent. */
  watchDelays(now?: Date): Promise<number>
  startWorker(onError: (error: unknown) => void): Ticker
  wismo(options: { from: Date; to: Date }): Promise<WismoFigure>
}

export interface ShippingOverview {
  byStatus: Record<string, number>
  unmatched: number
  /** Parcels on their way that are late or silent now, with why. */
  delayed: Array<ShipmentRecord & { reason: DelayReason; promise: StatedPromise | null }>
  /** The stated promises against the deliveries of the last 30 days. */
  promises: PromiseRecord
}

/** A contact as a help desk reports it. */
export interface SupportContact {
  topic: string
  ticket_id: string
  order_id?: string | undefined
  customer_id?: string | undefined
  occurred_at?: string | undefined
  channel?: string | undefined
}

/** Who an event is about, as the tracking API names them: a member's id, or an anonymous visitor's. */
function senderOf(customerId: string) {
  return isAnonymousCustomer(customerId)
    ? { anonymousId: customerId.slice('anon:'.length) }
    : { userId: customerId }
}

const hashed = (prefix: string, parts: ReadonlyArray<string | null | undefined>) =>
  `${prefix}${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32)}`

export const ORDER_CHANNELS = ['email', 'messenger', 'sms'] as const
/** A channel order updates can go by, or none. */
export type OrderUpdatesChannel = (typeof ORDER_CHANNELS)[number] | 'none'

export function createShipping(deps: ShippingDeps): Shipping {
  const { db, settings } = deps
  const promises = createPromises({ ordersWithIds: deps.ordersWithIds, timeZone: deps.defaultTimeZone })
  const notifierDeps: NotifierDeps = {
    ...deps,
    holdout: { salt: deps.holdoutSalt, share: settings.holdoutShare },
    trackingUrl: async (tx, orderId) =>
      `${deps.publicUrl}/t/${await trackingToken(tx, orderId, deps.clock())}`,
    care: readCare,
    promiseOf: (tx, shipment, now) => promises.promiseOf(tx, shipment, now),
  }

  async function notify(tx: AnyDb, events: StoredEvent[]) {
    const orderIds = [
      ...new Set(
        events
          .filter((e) => e.event !== null && NEWS_EVENTS.has(e.event))
          .map((e) => e.properties.order_id)
          .filter((id) => typeof id === 'string' || typeof id === 'number')
          .map(String),
      ),
    ]
    if (orderIds.length === 0) return
    const now = deps.clock()
    const news = { now: now.getTime(), newsWindowMs: settings.newsWindowMs, holdout: false }
    // Only shipments with news are assigned an arm: the figure compares parcels Reel could have told of.
    const shipments = (await shipmentsOfOrders(tx, orderIds)).filter(
      (s) => s.customerId !== null && noticeFor(s, news) !== null,
    )
    const holdout = await holdoutOf(
      tx,
      notifierDeps.holdout,
      shipments.map((s) => s.shipmentId),
      now,
    )
    const notices: ShipmentNotice[] = shipments.flatMap((s) => {
      const planned = noticeFor(s, { ...news, holdout: holdout.get(s.shipmentId) ?? false })
      return planned ? [{ ...planned, shipment: s, customerId: s.customerId! }] : []
    })
    await sendShipmentNotices(notifierDeps, tx, notices)
  }

  async function trackedOrder(orderId: string): Promise<TrackedOrder | undefined> {
    const [order] = await deps.ordersWithIds(db, [orderId])
    if (!order) return undefined
    const shipments = await shipmentsOfOrders(db, [orderId])
    const timelines = await timelinesOf(
      db,
      shipments.map((s) => s.shipmentId),
    )
    const now = deps.clock().getTime()
    return {
      order,
      shipments: await Promise.all(
        shipments.map(async (s) => ({
          ...s,
          timeline: timelines.get(s.shipmentId) ?? [],
          promise: await promises.promiseOf(db, s, now),
        })),
      ),
    }
  }

  async function tracked(token: string): Promise<TrackedOrder | undefined> {
    const orderId = await orderOfToken(db, token)
    return orderId ? trackedOrder(orderId) : undefined
  }

  async function watchDelays(now = deps.clock()): Promise<number> {
    const silenceOf = await usualSilences(db, now)
    let after: string | null = null
    let sent = 0
    for (;;) {
      const page = await shipmentsOnTheWay(db, WATCH_PAGE, after)
      if (page.length === 0) return sent
      after = page.at(-1)!.shipmentId
      const late: ShipmentNotice[] = []
      for (const s of page) {
        const promise = await promises.promiseOf(db, s, now.getTime())
        if (delayOf(s, promise, silenceOf(s.carrier), now.getTime()) === null) continue
        late.push({
          kind: 'delayed',
          shipmentId: s.shipmentId,
          idempotencyKey: noticeKey(s.shipmentId, 'delayed'),
          shipment: s,
          customerId: s.customerId!,
        })
      }
      if (late.length === 0) continue
      await db.transaction().execute(async (tx) => {
        const holdout = await holdoutOf(
          tx,
          notifierDeps.holdout,
          late.map((n) => n.shipmentId),
          now,
        )
        sent += (
          await sendShipmentNotices(
            notifierDeps,
            tx,
            late.filter((n) => !holdout.get(n.shipmentId)),
          )
        ).length
      })
    }
  }

  return {
    notifier: {
      name: 'shipping-notices',
      apply: notify,
      merge: async (_tx: AnyDb, _merges: CustomerMerge[]) => {},
      reset: async () => {},
    },
    async carrierEvents(tx, format, body, receivedAt) {
      const updates = updatesFrom(format, body, receivedAt)
      const orders = new Map(
        (await deps.ordersWithIds(tx, [...new Set(updates.map((u) => u.orderId))])).map((o) => [
          o.order_id,
          o,
        ]),
      )
      return updates.map((u) => {
        const customer = orders.get(u.orderId)?.customer_id
        return {
          type: 'track',
          event: 'Shipment Updated',
          // The same carrier update, retried, is the same event: stored once.
          messageId: hashed('shp_', [format, u.shipmentId, u.status, u.rawStatus, u.occurredAt, u.location]),
          ...(customer ? senderOf(customer) : { anonymousId: `order:${u.orderId}` }),
          timestamp: u.occurredAt,
          properties: shipmentEventProperties(u),
          context: { source: `carrier:${format}` },
        }
      })
    },
    webhookToken: deps.webhookToken,
    async contactEvent(tx, contact, receivedAt) {
      const [order] = contact.order_id ? await deps.ordersWithIds(tx, [contact.order_id]) : []
      const customer = order?.customer_id ?? contact.customer_id
      if (!customer) return undefined
      return {
        type: 'track',
        event: 'Support Contacted',
        messageId: hashed('sup_', [contact.ticket_id, contact.topic]),
        ...senderOf(customer),
        timestamp: contact.occurred_at ?? receivedAt,
        properties: {
          topic: contact.topic,
          ticket_id: contact.ticket_id,
          ...(contact.order_id ? { order_id: contact.order_id } : {}),
          ...(contact.channel ? { channel: contact.channel } : {}),
        },
      }
    },
    trackingUrl: notifierDeps.trackingUrl,
    tracked,
    async orderShipments(orderId) {
      const tracked = await trackedOrder(orderId)
      if (!tracked) return undefined
      return { trackingUrl: await notifierDeps.trackingUrl(db, orderId), tracked }
    },
    async findByOrderAndEmail(orderId, email) {
      const [order] = await deps.ordersWithIds(db, [orderId])
      if (!order) return undefined
      const stored = (await deps.emailsOf(db, [order.customer_id])).get(order.customer_id)
      if (!stored || stored.trim().toLowerCase() !== email.trim().toLowerCase()) return undefined
      return trackingToken(db, orderId, deps.clock())
    },
    async statusByTracking(trackingNumber) {
      return (await shipmentsByTracking(db, trackingNumber)).map((s) => ({
        status: s.status,
        statusAt: s.statusAt,
        carrier: s.carrier,
      }))
    },
    async chooseChannel(token, channel) {
      const orderId = await orderOfToken(db, token)
      const [order] = orderId ? await deps.ordersWithIds(db, [orderId]) : []
      if (!order) return false
      await deps.consent.setPreferences(
        order.customer_id,
        {
          choices: ORDER_CHANNELS.map((c) => ({
            channel: c,
            messageType: 'order_updates',
            allowed: c === channel,
          })),
        },
        'preference_centre',
      )
      return true
    },
    async chosenChannel(customerId) {
      const { choices } = await deps.consent.preferences(customerId)
      const allowed = (c: (typeof ORDER_CHANNELS)[number]) =>
        choices.some((x) => x.channel === c && x.messageType === 'order_updates' && x.allowed)
      return ORDER_CHANNELS.find(allowed) ?? 'none'
    },
    care: () => readCare(db),
    async setCare(care) {
      await writeCare(db, care)
      return care
    },
    list: (filter) => listShipments(db, filter),
    async overview(now) {
      const counts = await statusCounts(db)
      const silenceOf = await usualSilences(db, now)
      const open = await listShipments(db, { open: true, limit: OVERVIEW_OPEN })
      const delayed: ShippingOverview['delayed'] = []
      for (const s of open) {
        if (s.shippedAt === null || s.customerId === null) continue
        const promise = await promises.promiseOf(db, s, now.getTime())
        const reason = delayOf(s, promise, silenceOf(s.carrier), now.getTime())
        if (reason) delayed.push({ ...s, reason, promise })
      }
      return {
        ...counts,
        delayed: delayed.slice(0, 100),
        promises: await promiseRecord(db, new Date(now.getTime() - 30 * 86_400_000), now),
      }
    },
    heldOut: (shipmentId, share = settings.holdoutShare) =>
      inShippingHoldout(deps.holdoutSalt, shipmentId, share),
    async assign(shipmentIds, share = settings.holdoutShare) {
      await holdoutOf(db, { salt: deps.holdoutSalt, share }, shipmentIds, deps.clock())
    },
    watchDelays,
    startWorker: (onError) => startTicker(() => watchDelays(), settings.tickMs, onError),
    wismo: ({ from, to }) => wismoFigure(db, { from, to, holdoutShare: settings.holdoutShare }),
  }
}

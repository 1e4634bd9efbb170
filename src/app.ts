import { catalogMigrations, catalogProjection } from './catalog/index.js'
import type { Config } from './config/index.js'
import { type Coupons, couponsMigrations, createCoupons } from './coupons/index.js'
import { type Database, ensureSecret, openDatabase, settingsMigrations } from './db/index.js'
import {
  addWriteKey,
  createIngestor,
  type EventIngestor,
  eventsMigrations,
  listWriteKeys,
  type Projection,
} from './events/index.js'
import { completedOrderValues, ordersMigrations, ordersProjection, orderTotalsFor } from './orders/index.js'
import {
  displayNameOf,
  findMemberByContact,
  membersAmong,
  membersWithBirthdayOn,
  profilesMigrations,
  profilesProjection,
} from './profiles/index.js'
import { createRadar, type Radar, radarMigrations, raiseSignals } from './radar/index.js'

/** The wired application: database, services and the secrets they need. */
export interface Reel {
  config: Config
  database: Database
  ingestor: EventIngestor
  /** The projections `reel rebuild` replays (the radar rebuilds itself: `radar.recompute`). */
  projections: Projection[]
  radar: Radar
  coupons: Coupons
  clock: () => Date
  adminToken: string
  /** Secrets generated on this start, to show the operator once. */
  generated: { adminToken?: string; writeKey?: string }
  close(): Promise<void>
}

export const migrations = [
  ...settingsMigrations,
  ...eventsMigrations,
  ...catalogMigrations,
  ...ordersMigrations,
  ...profilesMigrations,
  ...radarMigrations,
  ...couponsMigrations,
]

/** Projections in the order they run: profiles read the orders' totals. */
export function createProjections(): Projection[] {
  return [catalogProjection(), ordersProjection(), profilesProjection(orderTotalsFor)]
}

export interface StartOptions {
  clock?: () => Date
  /** CLI commands share the running server's embedded database instead of taking the folder. */
  attachToRunning?: boolean
}

/** The composition root: config → database → modules. HTTP and workers are started by the caller. */
export async function startReel(config: Config, options: StartOptions = {}): Promise<Reel> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    attachToRunning: options.attachToRunning ?? false,
    embeddedSharedBuffers: config.embeddedSharedBuffers,
  })
  try {
    await database.migrate(migrations)
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
      ingest: (batch) => ingestor.ingest(batch, { source: 'reel' }),
    })
    // Coupons and the radar run in the same transaction as the event, the radar last: a signal or a
    // redemption is stored with the event that caused it.
    const ingestor = createIngestor({
      db: database.db,
      projections: [...projections, coupons.projection, radar.projection],
      clock,
    })
    const generated: Reel['generated'] = {}
    const admin = await ensureSecret(database.db, 'admin_token', config.adminToken, 'rat_')
    if (admin.created) generated.adminToken = admin.value
    if (config.writeKey) await addWriteKey(database.db, 'REEL_WRITE_KEY', config.writeKey)
    else if ((await listWriteKeys(database.db)).length === 0)
      generated.writeKey = await addWriteKey(database.db, 'default')
    return {
      config,
      database,
      ingestor,
      projections,
      radar,
      coupons,
      clock,
      adminToken: admin.value,
      generated,
      close: () => database.close(),
    }
  } catch (error) {
    await database.close()
    throw error
  }
}

import { catalogMigrations, catalogProjection } from './catalog/index.js'
import type { Config } from './config/index.js'
import { type Database, ensureSecret, openDatabase, settingsMigrations } from './db/index.js'
import {
  addWriteKey,
  createIngestor,
  type EventIngestor,
  eventsMigrations,
  listWriteKeys,
  type Projection,
} from './events/index.js'
import { ordersMigrations, ordersProjection, orderTotalsFor } from './orders/index.js'
import { profilesMigrations, profilesProjection } from './profiles/index.js'

/** The wired application: database, services and the secrets they need. */
export interface Reel {
  config: Config
  database: Database
  ingestor: EventIngestor
  projections: Projection[]
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
  })
  try {
    await database.migrate(migrations)
    const clock = options.clock ?? (() => new Date())
    const projections = createProjections()
    const ingestor = createIngestor({ db: database.db, projections, clock })
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

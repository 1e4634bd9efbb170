import { resolve } from 'node:path'
import { Kysely, type Migration, Migrator, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import { readLiveLock } from './data-dir-lock.js'
import { startEmbeddedEngine } from './embedded.js'
import { reelTypes } from './type-parsers.js'

export { type BoundQueries, boundQueries } from './bound.js'
export { DataDirLockedError, readLiveLock } from './data-dir-lock.js'
export { DEFAULT_EMBEDDED_SHARED_BUFFERS } from './embedded.js'
export { ensureSecret, readSetting, replaceSecret, settingsMigrations, writeSetting } from './settings.js'
export { decodeTimeCursor, encodeTimeCursor } from './time-cursor.js'

/** A query handle narrowed to one module's tables. Every module declares its own tables. */
export type Db<Tables> = Kysely<Tables>
/** A transaction narrowed to one module's tables. */
export type Tx<Tables> = Transaction<Tables>

/** A SQL handle without table types, passed between modules; each narrows it with `tablesOf`. */
export type AnyDb = Kysely<object>

/** Narrows a shared handle to one module's tables (the module owns those tables and their migrations). */
export function tablesOf<Tables>(db: AnyDb): Kysely<Tables> {
  return db as unknown as Kysely<Tables>
}

/** One module's migration: a name that sorts in apply order (`0001-events-...`) and its step. */
export interface NamedMigration {
  name: string
  up: Migration['up']
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; when absent, the embedded engine runs in `dataDir`. */
  databaseUrl?: string | undefined
  dataDir: string
  poolSize?: number | undefined
  /** Use the embedded engine of the Reel server already running on `dataDir`, if there is one. */
  attachToRunning?: boolean
  /** shared_buffers of the embedded engine (default DEFAULT_EMBEDDED_SHARED_BUFFERS). */
  embeddedSharedBuffers?: string | undefined
}

export interface Database {
  db: AnyDb
  pool: pg.Pool
  engine: 'embedded' | 'postgres'
  /** Applies the given migrations not yet applied, in name order. */
  migrate(migrations: NamedMigration[]): Promise<void>
  /** The names of the given migrations the database has not applied, in name order. */
  pendingMigrations(migrations: NamedMigration[]): Promise<string[]>
  close(): Promise<void>
}

/** Opens the database: PostgreSQL when a URL is given, else the embedded engine in its own thread. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const running =
    !options.databaseUrl && options.attachToRunning ? readLiveLock(resolve(options.dataDir)) : undefined
  const embedded =
    options.databaseUrl || running
      ? undefined
      : await startEmbeddedEngine(options.dataDir, options.embeddedSharedBuffers)
  const socketDir = running?.socketDir ?? embedded?.socketDir
  const pool = new pg.Pool(
    socketDir
      ? {
          host: socketDir,
          port: 5432,
          user: 'postgres',
          database: 'postgres',
          max: options.poolSize ?? 8,
          types: reelTypes,
        }
      : { connectionString: options.databaseUrl, max: options.poolSize ?? 16, types: reelTypes },
  )
  pool.on('error', () => {
    // An idle client lost its connection: the pool replaces it on next use.
  })
  const db = new Kysely<object>({ dialect: new PostgresDialect({ pool }) })
  const migratorOf = (migrations: NamedMigration[]) => {
    const byName = Object.fromEntries(migrations.map((m) => [m.name, { up: m.up }]))
    return new Migrator({
      db,
      provider: { getMigrations: async () => byName },
      migrationTableName: 'reel_migrations',
      migrationLockTableName: 'reel_migrations_lock',
      // Each module numbers its own migrations (radar 05xx, campaigns 08xx, ...), so a module's new one can
      // sort before another module's older one; each depends only on its own module's earlier ones.
      allowUnorderedMigrations: true,
    })
  }
  return {
    db,
    pool,
    engine: socketDir ? 'embedded' : 'postgres',
    async migrate(migrations) {
      const { error, results } = await migratorOf(migrations).migrateToLatest()
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')
        throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`)
      }
    },
    async pendingMigrations(migrations) {
      const known = await migratorOf(migrations).getMigrations()
      return known.filter((m) => m.executedAt === undefined).map((m) => m.name)
    },
    async close() {
      await db.destroy()
      await embedded?.stop()
    },
  }
}

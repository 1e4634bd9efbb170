/**
 * Runs integration tests on both engines: the embedded PGlite and a real PostgreSQL server.
 * PostgreSQL tests need REEL_TEST_DATABASE_URL (an account that may create databases); `.ci/run`
 * starts a throwaway cluster and sets it. Locally they skip with that hint; in CI they fail.
 */
import { createHash, randomBytes } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { migrations, type Reel, type StartOptions, startReel } from '../app.js'
import { type Config, loadConfig } from '../config/index.js'
import { openDatabase } from '../db/index.js'

export interface TestEngine {
  name: 'embedded' | 'postgres'
  /** Why the engine's tests are skipped here, or false. */
  skip: string | false
  /** A Reel on a fresh, empty, migrated database. */
  start(options?: EngineStartOptions): Promise<Reel>
  /** A second Reel on the database of one that was closed with keepData (a restart). */
  restart(closed: Reel, options?: EngineStartOptions): Promise<Reel>
}

export interface EngineStartOptions extends StartOptions {
  env?: Record<string, string>
  /** Closing keeps the embedded data folder, for a restart. */
  keepData?: boolean
}

export const TEST_WRITE_KEY = 'test-write-key'
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

const PG_URL = process.env.REEL_TEST_DATABASE_URL
const IN_CI = process.env.CI === 'true'
if (IN_CI && !PG_URL) throw new Error('CI must run the PostgreSQL tests: REEL_TEST_DATABASE_URL is not set')

function testConfig(overrides: Partial<Config>, env: Record<string, string> = {}): Config {
  return {
    ...loadConfig({
      REEL_WRITE_KEY: TEST_WRITE_KEY,
      REEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      REEL_LOG_LEVEL: 'silent',
      ...env,
    }),
    ...overrides,
  }
}

const schemaHash = createHash('sha256')
  .update(migrations.map((m) => `${m.name}:${m.up.toString()}`).join('\n'))
  .digest('hex')
  .slice(0, 12)
const TEMPLATE = join(tmpdir(), `reel-pglite-template-${schemaHash}`)

/** A PGlite data folder with every migration applied, copied from a template made once. */
export async function freshEmbeddedDir(): Promise<string> {
  if (!existsSync(TEMPLATE)) {
    const building = mkdtempSync(join(tmpdir(), 'reel-template-'))
    const database = await openDatabase({ dataDir: building })
    await database.migrate(migrations)
    await database.close()
    try {
      renameSync(building, TEMPLATE)
    } catch {
      rmSync(building, { recursive: true, force: true }) // another test file made it first
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'reel-test-'))
  cpSync(TEMPLATE, dir, { recursive: true })
  return dir
}

/** Drops a database made by freshPostgresUrl. */
export async function dropDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  try {
    await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`)
  } finally {
    await admin.end()
  }
}

export async function freshPostgresUrl(): Promise<string> {
  const name = `reel_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(PG_URL ?? '')
  url.pathname = `/${name}`
  return url.toString()
}

async function startEmbedded(dataDir: string, options: EngineStartOptions): Promise<Reel> {
  const reel = await startReel(testConfig({ dataDir, databaseUrl: undefined }, options.env), options)
  const close = reel.close
  return {
    ...reel,
    close: async () => {
      await close()
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export const engines: TestEngine[] = [
  {
    name: 'embedded',
    skip: false,
    async start(options = {}) {
      return startEmbedded(await freshEmbeddedDir(), options)
    },
    async restart(closed, options = {}) {
      return startEmbedded(closed.config.dataDir, options)
    },
  },
  {
    name: 'postgres',
    skip: PG_URL
      ? false
      : 'set REEL_TEST_DATABASE_URL=postgres://USER@HOST:PORT/postgres to run the PostgreSQL tests',
    async start(options = {}) {
      const databaseUrl = await freshPostgresUrl()
      const reel = await startReel(testConfig({ databaseUrl }, options.env), options)
      if (options.keepData) return reel
      // Dropped on close, so test databases do not pile up on the server.
      return { ...reel, close: () => reel.close().then(() => dropDatabase(databaseUrl)) }
    },
    async restart(closed, options = {}) {
      return startReel(testConfig({ databaseUrl: closed.config.databaseUrl }, options.env), options)
    },
  },
]

export const basicAuth = (key = TEST_WRITE_KEY) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`
export const bearer = (token = TEST_ADMIN_TOKEN) => `Bearer ${token}`

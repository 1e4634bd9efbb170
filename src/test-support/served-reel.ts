/**
 * `reel serve` as a child process on a fresh store of either engine (commands beside it: src/cli/test-support.ts).
 */
import { rmSync } from 'node:fs'
import {
  dropDatabase,
  freshEmbeddedDir,
  freshPostgresUrl,
  TEST_ADMIN_TOKEN,
  TEST_WRITE_KEY,
} from './engines.js'
import { freePort, type ServerProcess, spawnServer, stopServer, waitForHealth } from './server-process.js'

export interface ServedReel {
  server: ServerProcess
  /** The settings it runs with, for commands that must reach the same store. */
  env: Record<string, string>
  /** Stops the server and deletes its store. */
  stop(): Promise<void>
}

/** Starts `reel serve` with the test write key and admin token on a fresh store, once it is healthy. */
export async function serveFresh(
  engine: 'embedded' | 'postgres',
  settings: Record<string, string> = {},
): Promise<ServedReel> {
  const dataDir = engine === 'embedded' ? await freshEmbeddedDir() : undefined
  const databaseUrl = engine === 'postgres' ? await freshPostgresUrl() : undefined
  const env = {
    REEL_WRITE_KEY: TEST_WRITE_KEY,
    REEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    REEL_LOG_LEVEL: 'warn',
    ...(dataDir ? { REEL_DATA_DIR: dataDir } : { REEL_DATABASE_URL: databaseUrl ?? '' }),
    ...settings,
  }
  const server = spawnServer({ PORT: String(await freePort()), ...env })
  const stop = async () => {
    await stopServer(server, 'SIGTERM')
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    if (databaseUrl) await dropDatabase(databaseUrl)
  }
  try {
    await waitForHealth(server)
  } catch (error) {
    await stop()
    throw error
  }
  return { server, env, stop }
}

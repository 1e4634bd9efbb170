/**
 * `reel serve` as a child process on a fresh store of either engine, and `reel` commands run against it in
 * processes of their own, as an operator runs them beside a server.
 */
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  dropDatabase,
  freshEmbeddedDir,
  freshPostgresUrl,
  TEST_ADMIN_TOKEN,
  TEST_WRITE_KEY,
} from './engines.js'
import { freePort, type ServerProcess, spawnServer, stopServer, waitForHealth } from './server-process.js'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

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

/** Runs `reel ARGS…` from the sources with these settings; resolves with its exit code and output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REEL_')))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, output }))
  })
}

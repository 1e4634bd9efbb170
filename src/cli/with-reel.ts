import { existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Reel, startReel } from '../app.js'
import { loadConfig } from '../config/index.js'
import { countEvents } from '../events/index.js'
import { announceSecrets } from './secrets.js'

/** Runs a command against a started Reel (sharing a running server's embedded engine) and closes it. */
export type WithReel = <T>(run: (reel: Reel) => Promise<T>) => Promise<T>

/**
 * The CLI's WithReel. New secrets are shown; links are built as the server builds them. A command that fails
 * on an embedded data folder it created itself, before any event is stored, removes the folder again, so
 * that a mistyped command leaves nothing behind (the next start makes a new one, with new secrets).
 */
export async function withReel<T>(run: (reel: Reel) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const dataDir = resolve(config.dataDir)
  const createsDataDir = !config.databaseUrl && !existsSync(dataDir)
  let reel: Reel
  try {
    reel = await startReel(config, { attachToRunning: true, linksAsServer: true })
  } catch (error) {
    if (createsDataDir) rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  let outcome: { ok: true; value: T } | { ok: false; error: unknown }
  try {
    outcome = { ok: true, value: await run(reel) }
  } catch (error) {
    outcome = { ok: false, error }
  }
  const removeDataDir =
    !outcome.ok &&
    createsDataDir &&
    (await countEvents(reel.database.db).catch(() => undefined))?.events === 0
  await reel.close()
  if (removeDataDir) {
    rmSync(dataDir, { recursive: true, force: true })
    process.stderr.write(
      `reel: nothing was stored, so the data folder ${dataDir} this command created is removed\n`,
    )
  } else announceSecrets(reel.generated)
  if (!outcome.ok) throw outcome.error
  return outcome.value
}

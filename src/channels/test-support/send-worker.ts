/**
 * A delivery worker in a process of its own, for the crash test: opens Reel on REEL_DATABASE_URL (or
 * REEL_DATA_DIR), sends due messages to REEL_SMTP_URL until none is left, then exits 0. The test kills it
 * with SIGKILL half-way and starts another.
 */
import { loadConfig } from '../../config/index.js'
import { openDatabase } from '../../db/index.js'
import { createIngestor } from '../../events/index.js'
import { createChannels, DEFAULT_CHANNEL_SETTINGS } from '../index.js'

// The database the test migrated (app.ts does not run the outbox's migrations yet, so no startReel here).
const config = loadConfig(process.env)
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
const clock = () => new Date()
// Delivery events go to the log; the projectors of the test's own process project them.
const ingestor = createIngestor({ db: database.db, clock })
const channels = createChannels({
  db: database.db,
  pool: database.pool,
  clock,
  settings: {
    ...DEFAULT_CHANNEL_SETTINGS,
    smtpUrl: process.env.REEL_SMTP_URL ?? null,
    batchSize: 200,
    leaseMs: Number(process.env.REEL_OUTBOX_LEASE_MS ?? 2000),
  },
  dataDir: config.dataDir,
  ingest: (batch) => ingestor.ingest(batch, { source: 'reel' }),
})
process.stdout.write('ready\n')
for (;;) {
  const round = await channels.deliverDue()
  if (round.sent + round.retried + round.dead === 0) {
    const { messages } = await channels.listMessages({ state: 'sending', limit: 1 })
    const { messages: pending } = await channels.listMessages({ state: 'pending', limit: 1 })
    const { messages: failed } = await channels.listMessages({ state: 'failed', limit: 1 })
    if (messages.length + pending.length + failed.length === 0) break
    await new Promise((resolve) => setTimeout(resolve, 200)) // rows of the killed worker: lease not over yet
  }
}
await channels.close()
await database.close()
process.exit(0)

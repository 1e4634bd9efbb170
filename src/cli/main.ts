#!/usr/bin/env node
import { Command, Option } from 'commander'
import { loadConfig } from '../config/index.js'
import { shopifyBackfillMessages } from '../connectors/index.js'
import { DataDirLockedError } from '../db/index.js'
import { addWriteKey, listWriteKeys, revokeWriteKey } from '../events/index.js'
import { registerAdminToken } from './admin-token-command.js'
import { registerCampaigns } from './campaigns-command.js'
import { registerConnectorsBackfill } from './connectors-backfill-command.js'
import { registerConnectors } from './connectors-command.js'
import { registerCoupons } from './coupons-command.js'
import { registerDemo } from './demo-command.js'
import { registerImport } from './import-command.js'
import { registerPredict } from './predict-command.js'
import { registerRadar } from './radar-command.js'
import { registerRecs } from './recs-command.js'
import { SERVE_ROLES, type ServeRole, serve } from './serve.js'
import { registerUplift } from './uplift-command.js'
import { registerUsers } from './users-command.js'
import { withReel } from './with-reel.js'

const program = new Command()
  .name('reel')
  .description('Reel: find the customers your shop is losing, and win them back.')
  .showHelpAfterError()
  .enablePositionalOptions()

program
  .command('serve')
  .description('run the HTTP API (port $PORT, default 8080) on the embedded database or $REEL_DATABASE_URL')
  .addOption(
    new Option(
      '--role <role>',
      'all: API and workers; api: appends and reads only; worker: projectors, timers, campaigns, outbox',
    )
      .choices(SERVE_ROLES)
      .default('all'),
  )
  .action(async (opts: { role: ServeRole }) => serve(loadConfig(), opts.role))

registerImport(program, withReel)
registerDemo(program, withReel)
registerRadar(program, withReel)
registerCoupons(program, withReel)
registerCampaigns(program, withReel)
registerAdminToken(program, withReel)
registerUsers(program, withReel)
registerUplift(program)
registerRecs(program, withReel)
registerPredict(program, withReel)
registerConnectors(program, withReel)
registerConnectorsBackfill(program, withReel, {
  toMessages: (shop) =>
    shopifyBackfillMessages(shop, (kind, id, problem) =>
      process.stderr.write(`skipped ${kind} ${String(id)}: ${problem}\n`),
    ),
})

const keys = program.command('keys').description('manage write keys for the tracking API')
keys
  .command('list')
  .description('list write keys')
  .action(() =>
    withReel(async (reel) => {
      for (const k of await listWriteKeys(reel.database.db))
        console.log(
          `${k.key}\t${k.name}\t${k.revoked_at ? `revoked ${k.revoked_at.toISOString()}` : 'active'}`,
        )
    }),
  )
keys
  .command('add <name>')
  .description('create a write key for a source (a site, an app, a backend)')
  .action((name: string) => withReel(async (reel) => console.log(await addWriteKey(reel.database.db, name))))
keys
  .command('revoke <key>')
  .description('stop accepting a write key')
  .action((key: string) =>
    withReel(async (reel) => {
      if (!(await revokeWriteKey(reel.database.db, key))) throw new Error('no such active write key')
      console.log('revoked')
    }),
  )

program
  .command('rebuild')
  .description('rebuild profiles, orders, carts, products and the radar from the event log')
  .action(() =>
    withReel(async (reel) => {
      // The projectors first catch up, so the rebuild starts from a log fully projected as it stood.
      await reel.projector.catchUp()
      const n = await reel.projector.rebuild({
        onProgress: (done) => process.stderr.write(`\r${done} events replayed`),
      })
      process.stderr.write(`\nrebuilt from ${n} events\n`)
      const radar = await reel.radar.recompute()
      process.stderr.write(`radar: ${radar.customers} customers, ${radar.signals} signals\n`)
    }),
  )

try {
  await program.parseAsync()
} catch (error) {
  const message =
    error instanceof DataDirLockedError || error instanceof Error ? error.message : String(error)
  process.stderr.write(`reel: ${message}\n`)
  process.exit(1)
}

/**
 * `npm run bench -- campaigns`: how fast the campaign runner turns signals into queued messages. A shop of
 * N members who agreed to e-mail, each with a one-star review (a `negative_review` signal); one active
 * campaign answering each with an e-mail, a tenth held out. Measures one round: enrolment, then moving every
 * enrolment through its send step (consent, caps, template, links, the outbox row, the exposure). Delivery is
 * the send bench's part.
 *
 * Options: --members N (10000) --engines embedded,postgres --pg-url URL (or REEL_BENCH_DATABASE_URL)
 * --json PATH.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startReel } from '../src/app.js'
import { createReviewCampaign, ingestUnhappyMembers } from '../src/campaigns/test-support/review-shop.js'
import { loadConfig } from '../src/config/index.js'
import { type Engine, enginesOf, fmt, log, parseBenchArgs } from './support/cli.js'
import { createBenchDatabase } from './support/pg-database.js'

interface CampaignRoundResult {
  engine: Engine
  members: number
  enrolled: number
  advanced: number
  roundMs: number
  perSecond: number
}

async function runEngine(
  engine: Engine,
  pgUrl: string | undefined,
  members: number,
): Promise<CampaignRoundResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reel-bench-campaigns-'))
  const database = engine === 'postgres' && pgUrl ? await createBenchDatabase(pgUrl) : undefined
  const reel = await startReel(
    loadConfig({
      REEL_DATA_DIR: dataDir,
      REEL_LOG_LEVEL: 'silent',
      REEL_QUIET_HOURS: 'off',
      REEL_CAMPAIGN_SIGNAL_LAG_MS: '0',
      ...(database ? { REEL_DATABASE_URL: database.url } : {}),
    }),
  )
  try {
    log(`${engine}: ingesting ${fmt(members)} members with a one-star review`)
    await ingestUnhappyMembers(reel, members, new Date())
    await createReviewCampaign(reel)
    const t = performance.now()
    const round = await reel.campaigns.runOnce(new Date())
    const roundMs = performance.now() - t
    return { engine, members, ...round, roundMs, perSecond: (round.advanced / roundMs) * 1000 }
  } finally {
    await reel.close()
    await database?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, { members: { type: 'string', default: '10000' } })
  const { pgUrl, engines } = enginesOf(values)
  const results: CampaignRoundResult[] = []
  for (const engine of engines) {
    if (engine === 'postgres' && !pgUrl) {
      log('postgres: skipped (no --pg-url or REEL_BENCH_DATABASE_URL)')
      continue
    }
    const r = await runEngine(engine, pgUrl, Number(values.members))
    results.push(r)
    process.stdout.write(
      `${engine}: one round, ${fmt(r.enrolled)} enrolled and ${fmt(r.advanced)} moved through the send step in ${(r.roundMs / 1000).toFixed(2)} s = ${fmt(r.perSecond)} enrolments/s\n`,
    )
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2))
}

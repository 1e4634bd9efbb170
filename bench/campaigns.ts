/**
 * `npm run bench -- campaigns`: how fast the campaign runner turns signals into queued messages. A shop of
 * N members who agreed to e-mail, each with a one-star review (a `negative_review` signal); one active
 * campaign answering each with an e-mail, a tenth held out. Measures one round: enrolment, then moving every
 * enrolment through its send step (consent, caps, template, links, the outbox row, the exposure). Delivery is
 * the send bench's part.
 *
 * With --report, a fifth of the members then order (one order each, a day later) and the campaign's report
 * (GET /api/v1/campaigns/:id/report: every exposure gathered, analysed overall, by segment and day) is timed
 * twice, with the heap it grew.
 *
 * Options: --members N (10000) --report --engines embedded,postgres --pg-url URL (or REEL_BENCH_DATABASE_URL)
 * --json PATH.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Reel, startReel } from '../src/app.js'
import {
  createReviewCampaign,
  ingestUnhappyMembers,
  memberId,
} from '../src/campaigns/test-support/review-shop.js'
import { loadConfig } from '../src/config/index.js'
import type { RawMessage } from '../src/events/index.js'
import { type Engine, enginesOf, fmt, log, parseBenchArgs } from './support/cli.js'
import { createBenchDatabase } from './support/pg-database.js'

interface CampaignRoundResult {
  engine: Engine
  members: number
  enrolled: number
  advanced: number
  roundMs: number
  perSecond: number
  /** The report's time (the second of two runs) and the heap it grew, with --report. */
  report?: { exposures: number; ms: number; heapMb: number }
}

/** A fifth of the members order once, a day after the round: something for the report to count. */
async function ingestOrders(reel: Reel, members: number, at: Date): Promise<void> {
  const orders: RawMessage[] = []
  for (let n = 0; n < members; n += 5)
    orders.push({
      type: 'track',
      messageId: `order-${n}`,
      userId: memberId(n),
      timestamp: at.toISOString(),
      event: 'Order Completed',
      properties: { order_id: `o-${n}`, total: 30_000 + (n % 7) * 5000, currency: 'KRW', products: [] },
    })
  for (let i = 0; i < orders.length; i += 1000) await reel.ingestor.ingest(orders.slice(i, i + 1000))
}

async function timeReport(
  reel: Reel,
  campaignId: string,
): Promise<NonNullable<CampaignRoundResult['report']>> {
  await reel.campaigns.report(campaignId, 'en')
  const heap = process.memoryUsage().heapUsed
  const t = performance.now()
  const report = await reel.campaigns.report(campaignId, 'en')
  const ms = performance.now() - t
  const arms = report?.overall.analysis.arms
  return {
    exposures: (arms?.treatment.n ?? 0) + (arms?.holdout.n ?? 0),
    ms,
    heapMb: Math.max(0, process.memoryUsage().heapUsed - heap) / 2 ** 20,
  }
}

async function runEngine(
  engine: Engine,
  pgUrl: string | undefined,
  members: number,
  withReport: boolean,
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
    const campaign = await createReviewCampaign(reel)
    const t = performance.now()
    const round = await reel.campaigns.runOnce(new Date())
    const roundMs = performance.now() - t
    const result = { engine, members, ...round, roundMs, perSecond: (round.advanced / roundMs) * 1000 }
    if (!withReport) return result
    await ingestOrders(reel, members, new Date(Date.now() + 60_000))
    return { ...result, report: await timeReport(reel, campaign.id) }
  } finally {
    await reel.close()
    await database?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    members: { type: 'string', default: '10000' },
    report: { type: 'boolean', default: false },
  })
  const { pgUrl, engines } = enginesOf(values)
  const results: CampaignRoundResult[] = []
  for (const engine of engines) {
    if (engine === 'postgres' && !pgUrl) {
      log('postgres: skipped (no --pg-url or REEL_BENCH_DATABASE_URL)')
      continue
    }
    const r = await runEngine(engine, pgUrl, Number(values.members), values.report === true)
    results.push(r)
    process.stdout.write(
      `${engine}: one round, ${fmt(r.enrolled)} enrolled and ${fmt(r.advanced)} moved through the send step in ${(r.roundMs / 1000).toFixed(2)} s = ${fmt(r.perSecond)} enrolments/s\n`,
    )
    if (r.report)
      process.stdout.write(
        `${engine}: the report of ${fmt(r.report.exposures)} exposures in ${(r.report.ms / 1000).toFixed(2)} s (heap +${r.report.heapMb.toFixed(0)} MB)\n`,
      )
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2))
}

/**
 * `npm run bench -- coupons`: redemptions/s over HTTP with 32 clients and double redemptions (DESIGN
 * section 10: ≥ 2,000/s on PostgreSQL, 0), on the embedded engine and PostgreSQL.
 *
 * Options: --coupons N (20000) --clients C (32) --tries T (2: each coupon redeemed by T clients at once)
 * --pg-url URL (or REEL_BENCH_DATABASE_URL; without it the PostgreSQL part is skipped) --engines
 * embedded,postgres --log-level L (info, Reel's default) --pool-size P (REEL_DB_POOL_SIZE; Reel's default
 * when not given) --cpu-prof DIR (V8 profile of the server) --json PATH (also write the results as JSON).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { freshEmbeddedDir } from '../src/test-support/engines.js'
import { countRedemptions, type LedgerCounts } from './coupons/ledger-check.js'
import { type RedeemLoadResult, runRedeemLoad } from './coupons/redeem-load.js'
import { ADMIN_AUTH, startServer } from './coupons/server.js'
import { createMembers, createTemplate, issueToAll } from './coupons/setup.js'
import type { Storage } from './radar/reel-process.js'
import { type Engine, enginesOf, fmt, log } from './support/cli.js'
import { createBenchDatabase } from './support/pg-database.js'

const TARGET_PER_SEC = 2000

interface EngineResult {
  engine: Engine
  setup: { members: number; membersMs: number; issueMs: number }
  load: RedeemLoadResult
  audit: { coupons: number; ledgerRows: number; violations: number; ms: number }
  ledger: LedgerCounts
  /** Coupons with more than one 200 or more than one `redeemed` ledger row. */
  doubleRedemptions: number
}

interface RunOptions {
  coupons: number
  clients: number
  tries: number
  logLevel: string
  poolSize: number | undefined
  cpuProfDir: string | undefined
  work: string
}

const ms = (n: number) => `${n.toFixed(1)} ms`

async function runEngine(engine: Engine, storage: Storage, options: RunOptions): Promise<EngineResult> {
  const server = await startServer(
    {
      storage,
      logLevel: options.logLevel,
      poolSize: options.poolSize,
      logFile: join(options.work, `${engine}.log`),
      cpuProfDir: options.cpuProfDir ? join(options.cpuProfDir, engine) : undefined,
    },
    options.clients + 1,
  )
  let load: RedeemLoadResult
  let setup: EngineResult['setup']
  let audit: EngineResult['audit']
  try {
    let t = performance.now()
    const members = await createMembers(server, options.coupons)
    const membersMs = performance.now() - t
    t = performance.now()
    const coupons = await issueToAll(server, await createTemplate(server), members)
    const issueMs = performance.now() - t
    setup = { members: members.length, membersMs, issueMs }
    log(
      `  ${fmt(members.length)} members in ${(membersMs / 1000).toFixed(1)} s, ${fmt(coupons.length)} coupons issued in ${(issueMs / 1000).toFixed(1)} s`,
    )
    load = await runRedeemLoad(server, coupons, options.clients, options.tries)
    t = performance.now()
    const answer = await server.json<{ coupons: number; ledgerRows: number; violations: unknown[] }>(
      'GET',
      '/api/v1/coupons/audit',
      ADMIN_AUTH,
    )
    if (answer.status !== 200) throw new Error(`audit answered ${answer.status}`)
    audit = { ...answer.body, violations: answer.body.violations.length, ms: performance.now() - t }
    if (audit.violations > 0)
      log(`  audit violations (first 5): ${JSON.stringify(answer.body.violations.slice(0, 5))}`)
  } finally {
    await server.stop()
  }
  const ledger = await countRedemptions(storage, options.work)
  return {
    engine,
    setup,
    load,
    audit,
    ledger,
    doubleRedemptions: Math.max(load.doubleAnswers, ledger.doubleRows),
  }
}

function describe(r: EngineResult): string {
  const l = r.load
  const other = Object.entries(l.other)
    .map(([k, n]) => `${n}× ${k}`)
    .join(', ')
  return [
    `  redeem ${fmt(l.redemptionsPerSec)} redemptions/s, ${fmt(l.attemptsPerSec)} attempts/s (${fmt(l.attempts)} attempts in ${(l.wallMs / 1000).toFixed(1)} s)`,
    `         answers: ${fmt(l.redeemed)} redeemed, ${fmt(l.alreadyRedeemed)} × 409 already redeemed, ${l.repeated} repeated, other: ${other || 'none'}`,
    `         latency p50 ${ms(l.latencyMs.p50)}, p99 ${ms(l.latencyMs.p99)}, max ${ms(l.latencyMs.max)}; won p50/p99 ${ms(l.wonMs.p50)} / ${ms(l.wonMs.p99)}; lost ${ms(l.lostMs.p50)} / ${ms(l.lostMs.p99)}`,
    `         attempts/s by tenth of the phase: ${l.byTenth.map(fmt).join(', ')}`,
    `         CPU: server ${(l.serverCpuSec / (l.wallMs / 1000)).toFixed(2)} cores, PostgreSQL ${(l.postgresCpuSec / (l.wallMs / 1000)).toFixed(2)}, bench clients ${(l.clientCpuSec / (l.wallMs / 1000)).toFixed(2)}, machine busy ${(100 * l.machineBusy).toFixed(0)}% of ${l.machineCores.toFixed(0)} cores`,
    `  ledger ${fmt(r.ledger.redeemedRows)} redeemed rows, ${fmt(r.ledger.redeemedCoupons)} coupons redeemed, ${r.ledger.doubleRows} coupons with two; audit of ${fmt(r.audit.coupons)} coupons (${fmt(r.audit.ledgerRows)} rows) in ${(r.audit.ms / 1000).toFixed(1)} s: ${r.audit.violations} violations`,
    `  double redemptions: ${r.doubleRedemptions}`,
  ].join('\n')
}

/** Entry point for `npm run bench -- coupons [options]`. */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      coupons: { type: 'string', default: '20000' },
      clients: { type: 'string', default: '32' },
      tries: { type: 'string', default: '2' },
      'pg-url': { type: 'string' },
      engines: { type: 'string', default: 'embedded,postgres' },
      'log-level': { type: 'string', default: 'info' },
      'pool-size': { type: 'string' },
      'cpu-prof': { type: 'string' },
      json: { type: 'string' },
    },
  })
  const { pgUrl, engines } = enginesOf(values)
  if (engines.includes('postgres') && !pgUrl)
    log(
      'PostgreSQL part skipped: pass --pg-url postgres://USER@HOST:PORT/postgres or set REEL_BENCH_DATABASE_URL',
    )
  const work = mkdtempSync(join(tmpdir(), 'reel-bench-coupons-'))
  const options: RunOptions = {
    coupons: Number(values.coupons),
    clients: Number(values.clients),
    tries: Number(values.tries),
    logLevel: values['log-level'],
    poolSize: values['pool-size'] ? Number(values['pool-size']) : undefined,
    cpuProfDir: values['cpu-prof'],
    work,
  }
  log(
    `coupons bench: ${fmt(options.coupons)} coupons, each tried ${options.tries} times by ${options.clients} clients; ` +
      `server log level ${options.logLevel} (to a file), pool ${options.poolSize ?? 'default'}`,
  )
  const results: EngineResult[] = []
  try {
    for (const engine of engines) {
      if (engine === 'postgres' && !pgUrl) continue
      log(`\n${engine}`)
      if (engine === 'embedded') {
        const dataDir = await freshEmbeddedDir()
        try {
          results.push(await runEngine(engine, { REEL_DATA_DIR: dataDir }, options))
        } finally {
          rmSync(dataDir, { recursive: true, force: true })
        }
      } else {
        const database = await createBenchDatabase(pgUrl ?? '')
        try {
          results.push(await runEngine(engine, { REEL_DATABASE_URL: database.url }, options))
        } finally {
          await database.drop()
        }
      }
      log(describe(results.at(-1) as EngineResult))
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }

  const date = new Date().toISOString().slice(0, 10)
  console.log(
    '\n| engine | coupons | clients | redemptions/s | attempts/s | latency p50 / p99 | double redemptions | audit | date | machine |',
  )
  console.log('|---|---:|---:|---:|---:|---:|---:|---|---|---|')
  for (const r of results) {
    const l = r.load
    const goal =
      r.engine === 'postgres' ? (l.redemptionsPerSec >= TARGET_PER_SEC ? ' (≥ 2,000)' : ' (< 2,000)') : ''
    console.log(
      `| ${r.engine} | ${fmt(l.coupons)} | ${options.clients} | ${fmt(l.redemptionsPerSec)}${goal} | ${fmt(l.attemptsPerSec)} | ` +
        `${ms(l.latencyMs.p50)} / ${ms(l.latencyMs.p99)} | ${r.doubleRedemptions} | ${r.audit.violations} violations | ${date} | 2 cores |`,
    )
  }
  if (values.json)
    writeFileSync(values.json, JSON.stringify({ date, ...options, work: undefined, results }, null, 2))
  const wrong = results.filter(
    (r) =>
      r.doubleRedemptions > 0 ||
      r.audit.violations > 0 ||
      r.load.redeemed !== r.load.coupons ||
      r.ledger.redeemedRows !== r.load.coupons ||
      Object.keys(r.load.other).length > 0,
  )
  if (wrong.length > 0) {
    log(`\n${wrong.map((r) => r.engine).join(', ')}: a redemption count does not add up (see above)`)
    process.exitCode = 1
  }
}

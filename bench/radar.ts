/**
 * `npm run bench -- radar` (DESIGN section 10): on the demo shop,
 *
 * 1. the full recompute (`reel radar --recompute --as-of ASOF`, a child process) ÷ the same rules as plain
 *    SQL (bench/radar/sql-reference.ts) run by native PostgreSQL on the same rows: target ≤ 2.0;
 * 2. precision and recall of every kind's signals against the demo's ground truth (Reel's and the SQL's);
 * 3. live detection latency while about 1,000 events/s stream into `reel serve`: target p99 ≤ 200 ms
 *    from acknowledgement to visible (issue 17: the projectors behind the log);
 * 4. peak RSS of the embedded engine's processes (recompute, and the server under load): target ≤ 512 MB.
 *
 * The events are generated once, identity-resolved as ingestion resolves them, and COPYed into a fresh
 * migrated embedded data folder and a fresh PostgreSQL database (see bench/radar/*.ts).
 *
 * Options: --customers N (100000) --days D (400) --seed S (1) --pg-url URL (or REEL_BENCH_DATABASE_URL;
 * without it the SQL reference and the PostgreSQL engine are skipped) --engines embedded,postgres
 * --live-seconds S (60; 0 skips the live part) --warmup-seconds S (5) --rate R (1000) --tick-ms T (100)
 * --probe-every-ms P (1000) --poll-ms P (20) --radar-tick-ms T (200) --chunk-rows R (200000)
 * --json PATH --keep (keep the loaded folder and database, and say where they are).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { GroundTruth } from '../src/demo/index.js'
import {
  compareWithTruth,
  embeddedSignals,
  exact,
  KINDS,
  type KindAccuracy,
  postgresSignals,
} from './radar/accuracy.js'
import { generateRadarDemoShop, type RadarDemoShop } from './radar/demo-shop.js'
import type { LiveResult } from './radar/live.js'
import { runLive } from './radar/live.js'
import { type LoadResult, loadEmbedded, loadPostgres } from './radar/load.js'
import {
  buildReel,
  launcherNodeFlags,
  type RecomputeRun,
  recomputeWithCli,
  reelEnv,
  runReel,
  type Storage,
  sourceVersion,
} from './radar/reel-process.js'
import { runSqlRadar } from './radar/sql-reference.js'
import { type Engine, enginesOf, fmt, log, MB, parseBenchArgs } from './support/cli.js'
import type { BenchDatabase } from './support/pg-database.js'

const TARGET_RATIO = 2.0
const TARGET_P99_MS = 200
const TARGET_RSS = 512 * 1024 * 1024
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const mb = (bytes: number) => `${fmt(bytes / MB)} MB`
const met = (ok: boolean) => (ok ? 'met' : 'NOT MET')
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))

interface EngineRecompute {
  engine: Engine
  run?: RecomputeRun
  accuracy?: KindAccuracy[]
  ratio?: number
  error?: string
}

interface EngineLive {
  engine: Engine
  catchUp?: { ms: number; peakRss: number }
  live?: LiveResult
  error?: string
}

function describeAccuracy(label: string, accuracy: KindAccuracy[]): string {
  const lines = [`  ${label}: ${exact(accuracy) ? 'precision and recall 1.0 on every kind' : 'MISMATCH'}`]
  for (const a of accuracy) {
    if (a.precision === 1 && a.recall === 1) continue
    lines.push(
      `    ${a.kind}: found ${fmt(a.found)}, truth ${fmt(a.expected)}, precision ${a.precision.toFixed(4)}, recall ${a.recall.toFixed(4)}`,
    )
    for (const e of a.extra) lines.push(`      extra   ${e}`)
    for (const m of a.missed) lines.push(`      missed  ${m}`)
  }
  return lines.join('\n')
}

const pr = (a: KindAccuracy | undefined) =>
  a
    ? `${a.precision === 1 ? '1.0' : a.precision.toFixed(4)} / ${a.recall === 1 ? '1.0' : a.recall.toFixed(4)}`
    : '-'

function accuracyTable(truth: GroundTruth, columns: { label: string; accuracy: KindAccuracy[] }[]): string {
  const lines = [
    `| kind | truth | ${columns.map((c) => `${c.label} found | ${c.label} P / R`).join(' | ')} |`,
    `|---|---:|${columns.map(() => '---:|---:').join('|')}|`,
  ]
  for (const kind of KINDS) {
    const cells = columns.map((c) => {
      const a = c.accuracy.find((x) => x.kind === kind)
      return `${a ? fmt(a.found) : '-'} | ${pr(a)}`
    })
    lines.push(`| ${kind} | ${fmt(truth.counts[kind])} | ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}

function describeLive(engine: Engine, l: LiveResult): string {
  const q = (x: { p50: number; p99: number; max: number; n: number }) =>
    x.n === 0 ? 'no samples' : `p50 ${fmt(x.p50)} ms, p99 ${fmt(x.p99)} ms, max ${fmt(x.max)} ms`
  const non200 = Object.entries(l.non200)
    .map(([s, n]) => `${n}×${s}`)
    .join(' ')
  const lines = [
    `  ${engine}: server up in ${sec(l.startupMs)}; ${fmt(l.eventsPerSec)} events/s achieved (target ${fmt(l.targetRate)}), ` +
      `${fmt(l.events)} events in ${fmt(l.batches)} batches over ${sec(l.windowMs)}; non-200: ${non200 || 'none'}`,
    `    batch send → 200: ${q(l.batchMs)}; server CPU ${l.serverCpuSec.toFixed(1)} s, machine busy ${(100 * l.machineBusy).toFixed(0)}%; ` +
      `server peak RSS ${mb(l.serverPeakRss)}; ${fmt(l.signalPolls)} signal polls`,
    `    slowest batches (sent at, seconds after the server was up): ${l.slowestBatches
      .map((b) => `${fmt(b.ms)} ms at ${b.sentAtS.toFixed(1)} s`)
      .join(', ')}`,
  ]
  for (const p of l.probes)
    lines.push(
      `    ${p.kind.padEnd(16)} ${p.visible}/${p.sent} visible${p.missed ? ` (${p.missed} NOT visible within the timeout)` : ''}: ` +
        `send → 200 ${q(p.sendToAckMs)} | send → visible ${q(p.sendToVisibleMs)} | 200 → visible ${q(p.ackToVisibleMs)}`,
    )
  return lines.join('\n')
}

/** Entry point for `npm run bench -- radar [options]`. */
export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    'live-seconds': { type: 'string', default: '60' },
    'warmup-seconds': { type: 'string', default: '5' },
    rate: { type: 'string', default: '1000' },
    'tick-ms': { type: 'string', default: '100' },
    'probe-every-ms': { type: 'string', default: '1000' },
    'poll-ms': { type: 'string', default: '20' },
    'radar-tick-ms': { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
  })
  const customers = Number(values.customers)
  const days = Number(values.days)
  const seed = Number(values.seed)
  const liveSeconds = Number(values['live-seconds'])
  const { pgUrl, engines } = enginesOf(values)
  if (!pgUrl)
    log(
      'no PostgreSQL: the SQL reference, the ratio and the PostgreSQL engine are skipped (pass --pg-url postgres://USER@HOST:PORT/postgres or set REEL_BENCH_DATABASE_URL)',
    )
  const benchStarted = performance.now()
  const version = sourceVersion()
  const nodeFlags = launcherNodeFlags()
  buildReel()
  log(
    `Reel at ${version.label}; reel runs as node ${[...nodeFlags, 'dist/cli/main.js'].join(' ')} (flags of bin/reel.js)`,
  )
  const work = mkdtempSync(join(tmpdir(), 'reel-bench-radar-'))
  let pgLoaded: (LoadResult & { database: BenchDatabase }) | undefined
  let embeddedLoaded: (LoadResult & { dataDir: string }) | undefined
  try {
    log(`generating the demo shop: ${customers} customers, ${days} days, seed ${seed} …`)
    const shop: RadarDemoShop = generateRadarDemoShop({
      customers,
      days,
      seed,
      dir: work,
      chunkRows: Number(values['chunk-rows']),
      log,
    })
    const { truth, asOf } = shop
    log(
      `  pass 2 (generate + validate + resolve + CSV): ${fmt(shop.rows)} rows (${shop.invalid} invalid), ` +
        `${fmt(shop.resolvedAnonymousEvents)} anonymous events resolved to their member, ${fmt(shop.csvBytes / MB)} MB CSV, in ${sec(shop.rowsMs)}`,
    )
    log(
      `  ground truth as of ${truth.asOf}: ${KINDS.map((k) => `${k} ${fmt(truth.counts[k])}`).join(', ')}; ` +
        `identity links where ingestion's rule and the truth collector's differ: ${shop.linkDisagreements}`,
    )

    // Load: PostgreSQL (the SQL reference needs it whatever the engines), the embedded folder.
    if (pgUrl) {
      log('\nloading PostgreSQL (psql \\copy, then VACUUM (ANALYZE)) …')
      pgLoaded = await loadPostgres(pgUrl, shop.csvChunks, work)
      log(
        `  ${fmt(pgLoaded.rows)} rows in ${pgLoaded.database.name}: COPY ${sec(pgLoaded.copyMs)}, VACUUM (ANALYZE) ${sec(pgLoaded.analyzeMs)}`,
      )
    }
    if (engines.includes('embedded')) {
      log('\nloading the embedded engine (PGlite COPY, then VACUUM (ANALYZE)) …')
      embeddedLoaded = await loadEmbedded(shop.csvChunks)
      log(
        `  ${fmt(embeddedLoaded.rows)} rows in ${embeddedLoaded.dataDir}: COPY ${sec(embeddedLoaded.copyMs)}, VACUUM (ANALYZE) ${sec(embeddedLoaded.analyzeMs)}`,
      )
    }
    for (const loaded of [pgLoaded, embeddedLoaded])
      if (loaded && loaded.rows !== shop.rows)
        throw new Error(
          `loaded ${loaded.rows} rows, expected ${shop.rows}: the comparison would be meaningless`,
        )
    for (const c of shop.csvChunks) rmSync(c.path, { force: true })

    // The SQL reference on native PostgreSQL.
    let sql: { msByKind: Record<string, number>; totalMs: number; accuracy: KindAccuracy[] } | undefined
    let sqlError: string | undefined
    if (pgLoaded) {
      log('\nSQL reference on native PostgreSQL …')
      const client = new pg.Client({ connectionString: pgLoaded.database.url })
      await client.connect()
      try {
        const result = await runSqlRadar(client, asOf)
        const totalMs = Object.values(result.msByKind).reduce((a, b) => a + b, 0)
        sql = { msByKind: result.msByKind, totalMs, accuracy: compareWithTruth(result.rows, truth) }
        log(
          `  ${sec(totalMs)} total: ${Object.entries(result.msByKind)
            .map(([k, ms]) => `${k} ${fmt(ms)} ms`)
            .join(', ')}`,
        )
        log(describeAccuracy('SQL reference vs ground truth', sql.accuracy))
      } catch (error) {
        sqlError = errorText(error)
        log(`  SQL reference failed: ${sqlError}`)
      } finally {
        await client.end()
      }
    }

    // Reel's full recompute, per engine.
    const recomputes: EngineRecompute[] = []
    const storageOf = (engine: Engine): Storage | undefined =>
      engine === 'embedded'
        ? embeddedLoaded && { REEL_DATA_DIR: embeddedLoaded.dataDir }
        : pgLoaded && { REEL_DATABASE_URL: pgLoaded.database.url }
    for (const engine of engines) {
      const storage = storageOf(engine)
      if (!storage) continue
      log(`\nReel full recompute (${engine}): reel radar --recompute --as-of ${truth.asOf} …`)
      const r: EngineRecompute = { engine }
      recomputes.push(r)
      try {
        r.run = await recomputeWithCli(storage, asOf)
        const found =
          'REEL_DATA_DIR' in storage
            ? await embeddedSignals(storage.REEL_DATA_DIR)
            : await postgresSignals(storage.REEL_DATABASE_URL)
        r.accuracy = compareWithTruth(found, truth)
        if (sql) r.ratio = r.run.recomputeMs / sql.totalMs
        log(
          `  recomputed ${fmt(r.run.customers)} customers in ${sec(r.run.recomputeMs)} (child process ${sec(r.run.wallMs)}, ` +
            `CPU ${r.run.cpuSec.toFixed(1)} s): ${fmt(r.run.signals)} signals, ${r.run.retracted} retracted; peak RSS ${mb(r.run.peakRss)}` +
            (r.ratio === undefined ? '' : `; ÷ SQL = ${r.ratio.toFixed(2)}`),
        )
        log(describeAccuracy(`Reel (${engine}) vs ground truth`, r.accuracy))
      } catch (error) {
        r.error = errorText(error)
        log(`  failed: ${r.error}`)
      }
    }

    // Live detection latency, per engine.
    const lives: EngineLive[] = []
    if (liveSeconds > 0)
      for (const engine of engines) {
        const storage = storageOf(engine)
        if (!storage) continue
        const l: EngineLive = { engine }
        lives.push(l)
        try {
          // The demo ends at its asOf; the wall clock is later. Timers that came due in between fire
          // first (as a server's first tick would), so the live window measures live traffic only.
          log(`\nlive (${engine}): catching the timers up to now (reel radar) …`)
          const catchUp = await runReel(['radar', '--limit', '1'], reelEnv(storage))
          l.catchUp = { ms: catchUp.wallMs, peakRss: catchUp.peakRss }
          log(`  caught up in ${sec(catchUp.wallMs)} (peak RSS ${mb(catchUp.peakRss)})`)
          log(
            `  reel serve, ${values['warmup-seconds']} s warm-up then ${liveSeconds} s at ${values.rate} events/s, ` +
              `a probe of each kind every ${values['probe-every-ms']} ms, timer tick ${values['radar-tick-ms']} ms …`,
          )
          l.live = await runLive({
            storage,
            members: shop.members,
            seconds: liveSeconds,
            warmupSeconds: Number(values['warmup-seconds']),
            rate: Number(values.rate),
            tickMs: Number(values['tick-ms']),
            probeEveryMs: Number(values['probe-every-ms']),
            pollMs: Number(values['poll-ms']),
            radarTickMs: Number(values['radar-tick-ms']),
            probeTimeoutMs: 30_000,
            maxInflight: 32,
            seed,
          })
          log(describeLive(engine, l.live))
        } catch (error) {
          l.error = errorText(error)
          log(`  failed: ${l.error}`)
        }
      }

    // Summary.
    const date = new Date().toISOString().slice(0, 10)
    const machine = `${cpus().length} cores`
    const versionAfter = sourceVersion()
    const codeMoved = versionAfter.fingerprint !== version.fingerprint
    const totalMs = performance.now() - benchStarted
    const out: string[] = []
    out.push(
      `\n## radar: ${fmt(customers)} customers × ${days} days, seed ${seed}: ${fmt(shop.rows)} events, ` +
        `${fmt(truth.identifiedCustomers)} members; as of ${truth.asOf}; ${date}, ${machine}; Reel at ${version.label}, ` +
        `node ${nodeFlags.join(' ') || '(no flags)'}`,
    )
    if (codeMoved)
      out.push(
        `\n**WARNING: src/, bin/ or package.json changed during the run (${version.label} → ${versionAfter.label}): ` +
          'the figures below may mix code versions; run again.**',
      )
    out.push('\n### Full recompute ÷ the same rules as plain SQL on native PostgreSQL (target ≤ 2.0)\n')
    out.push(
      sql
        ? `SQL reference: ${sec(sql.totalMs)} (${Object.entries(sql.msByKind)
            .map(([k, ms]) => `${k} ${fmt(ms)} ms`)
            .join(', ')})`
        : `SQL reference: not measured (${sqlError ?? 'no PostgreSQL'})`,
    )
    out.push(
      '\n| engine | Reel recompute | SQL reference | ratio | recompute process peak RSS | signals = truth |',
    )
    out.push('|---|---:|---:|---:|---:|---|')
    for (const r of recomputes)
      out.push(
        r.run
          ? `| ${r.engine} | ${sec(r.run.recomputeMs)} | ${sql ? sec(sql.totalMs) : '-'} | ` +
              `${r.ratio === undefined ? '-' : `**${r.ratio.toFixed(2)}** (${met(r.ratio <= TARGET_RATIO)})`} | ${mb(r.run.peakRss)} | ` +
              `${r.accuracy && exact(r.accuracy) ? 'yes' : 'NO'} |`
          : `| ${r.engine} | failed: ${r.error} | | | | |`,
      )
    out.push('\n### Precision / recall against the ground truth (kind, customer, key, at)\n')
    const columns = [
      ...recomputes.flatMap((r) => (r.accuracy ? [{ label: `Reel ${r.engine}`, accuracy: r.accuracy }] : [])),
      ...(sql ? [{ label: 'SQL', accuracy: sql.accuracy }] : []),
    ]
    out.push(accuracyTable(truth, columns))
    if (lives.length > 0) {
      out.push(
        `\n### Live detection latency at ${values.rate} events/s for ${liveSeconds} s (target p99 ≤ 200 ms), timer tick ${values['radar-tick-ms']} ms, polling every ${values['poll-ms']} ms\n`,
      )
      out.push(
        '| engine | events/s | probe | n | send → 200 p50 / p99 | 200 → visible p50 / p99 | send → visible p50 / p99 | missed | server peak RSS |',
      )
      out.push('|---|---:|---|---:|---:|---:|---:|---:|---:|')
      for (const l of lives) {
        if (!l.live) {
          out.push(`| ${l.engine} | failed: ${l.error} | | | | | | | |`)
          continue
        }
        for (const p of l.live.probes)
          out.push(
            `| ${l.engine} | ${fmt(l.live.eventsPerSec)} | ${p.kind} | ${p.visible} | ${fmt(p.sendToAckMs.p50)} / ${fmt(p.sendToAckMs.p99)} ms | ` +
              `${fmt(p.ackToVisibleMs.p50)} / ${fmt(p.ackToVisibleMs.p99)} ms | ${fmt(p.sendToVisibleMs.p50)} / ${fmt(p.sendToVisibleMs.p99)} ms | ` +
              `${p.missed} | ${mb(l.live.serverPeakRss)} |`,
          )
      }
    }
    out.push('\n### Targets\n')
    for (const r of recomputes)
      if (r.ratio !== undefined)
        out.push(
          `- Reel ${r.engine} recompute ÷ SQL on native PostgreSQL = ${r.ratio.toFixed(2)} (≤ ${TARGET_RATIO}): ${met(r.ratio <= TARGET_RATIO)}`,
        )
    for (const l of lives) {
      if (!l.live) continue
      for (const p of l.live.probes) {
        const ok = p.missed === 0 && p.visible > 0
        out.push(
          `- live ${l.engine} ${p.kind}: p99 200 → visible ${fmt(p.ackToVisibleMs.p99)} ms (≤ ${TARGET_P99_MS} ms): ${met(ok && p.ackToVisibleMs.p99 <= TARGET_P99_MS)}; ` +
            `p99 send → visible ${fmt(p.sendToVisibleMs.p99)} ms: ${met(ok && p.sendToVisibleMs.p99 <= TARGET_P99_MS)}` +
            (p.missed ? ` (${p.missed} probes never visible)` : ''),
        )
      }
      if (l.live.eventsPerSec < 0.95 * l.live.targetRate)
        out.push(
          `- live ${l.engine}: only ${fmt(l.live.eventsPerSec)} events/s achieved of ${fmt(l.live.targetRate)}: the latency above is not at the target rate`,
        )
    }
    const embeddedRecompute = recomputes.find((r) => r.engine === 'embedded')?.run
    if (embeddedRecompute)
      out.push(
        `- peak RSS embedded, full recompute (reel radar --recompute): ${mb(embeddedRecompute.peakRss)} (≤ 512 MB): ${met(embeddedRecompute.peakRss <= TARGET_RSS)}`,
      )
    const embeddedLive = lives.find((l) => l.engine === 'embedded')?.live
    if (embeddedLive)
      out.push(
        `- peak RSS embedded, reel serve under the live load: ${mb(embeddedLive.serverPeakRss)} (≤ 512 MB): ${met(embeddedLive.serverPeakRss <= TARGET_RSS)}`,
      )
    for (const c of columns)
      out.push(`- ${c.label} precision and recall 1.0 on every kind: ${met(exact(c.accuracy))}`)
    out.push(
      `\nbench run time ${sec(totalMs)}; bench process peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
    )
    console.log(out.join('\n'))

    if (values.json)
      writeFileSync(
        values.json,
        JSON.stringify(
          {
            date,
            machine,
            version: version.label,
            versionAfter: versionAfter.label,
            codeMoved,
            nodeFlags,
            customers,
            days,
            seed,
            asOf: truth.asOf,
            events: shop.rows,
            members: truth.identifiedCustomers,
            truthCounts: truth.counts,
            linkDisagreements: shop.linkDisagreements,
            load: {
              postgres: pgLoaded && {
                rows: pgLoaded.rows,
                copyMs: pgLoaded.copyMs,
                analyzeMs: pgLoaded.analyzeMs,
              },
              embedded: embeddedLoaded && {
                rows: embeddedLoaded.rows,
                copyMs: embeddedLoaded.copyMs,
                analyzeMs: embeddedLoaded.analyzeMs,
              },
            },
            sql: sql ?? { error: sqlError ?? 'no PostgreSQL' },
            recomputes,
            lives,
            totalMs,
          },
          null,
          2,
        ),
      )
    const failed = recomputes.some((r) => r.error) || lives.some((l) => l.error) || sqlError !== undefined
    if (failed) process.exitCode = 1
  } finally {
    if (values.keep) {
      if (embeddedLoaded) log(`kept the embedded data folder: ${embeddedLoaded.dataDir}`)
      if (pgLoaded) log(`kept the PostgreSQL database: ${pgLoaded.database.url}`)
    } else {
      if (embeddedLoaded) rmSync(embeddedLoaded.dataDir, { recursive: true, force: true })
      await pgLoaded?.database.drop()
    }
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * `npm run bench -- ingest`: `/v1/batch` events/s with durable acknowledgement ÷ raw COPY of the same
 * events into the same engine (issue 17: target ≥ 0.5), on the embedded engine and PostgreSQL.
 *
 * Options: --customers N (100000) --days D (400) --seed S (1) --clients C (8) --pg-url URL
 * (or REEL_BENCH_DATABASE_URL) --engines embedded,postgres --profile-batches B (200, 0 to skip)
 * --chunk-rows R (200000) --json PATH (also write the results as JSON).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freshEmbeddedDir } from '../src/test-support/engines.js'
import { type CopyResult, copyEmbedded, copyPostgres } from './ingest/copy-reference.js'
import { buildDemoCorpus } from './ingest/demo-corpus.js'
import { type HttpLoadResult, runHttpLoad } from './ingest/http-load.js'
import { type IngestProfile, profileIngest } from './ingest/ingest-profile.js'
import { type Engine, enginesOf, fmt, log, MB, parseBenchArgs } from './support/cli.js'
import { createBenchDatabase } from './support/pg-database.js'

interface EngineResult {
  engine: Engine
  copy: CopyResult
  http: HttpLoadResult
  ratio: number
  profile: IngestProfile | undefined
}

const TARGET_RATIO = 0.5

function describeHttp(h: HttpLoadResult): string {
  const non200 = Object.entries(h.non200)
    .map(([s, n]) => `${n}×${s}`)
    .join(' ')
  return [
    `  HTTP  ${fmt(h.eventsPerSec)} events/s (${fmt(h.events)} events in ${(h.wallMs / 1000).toFixed(1)} s)`,
    `        batch latency p50 ${h.batchMs.p50.toFixed(0)} ms, p99 ${h.batchMs.p99.toFixed(0)} ms; non-200: ${non200 || 'none'}`,
    `        server CPU ${h.serverCpuSec.toFixed(1)} s (${(h.serverCpuSec / (h.wallMs / 1000)).toFixed(2)} cores), machine busy ${(100 * h.machineBusy).toFixed(0)}%`,
    `        events/s by tenth of the run: ${h.byTenth.map(fmt).join(', ')}`,
    `        stored ${fmt(h.storedEvents)} (answers: ${fmt(h.accepted)} accepted, ${h.duplicates} duplicates), quarantined ${h.quarantined}; ${h.storedEvents === h.events ? 'no loss' : 'COUNT MISMATCH'}`,
    `        projected ${(h.projectedAfterMs / 1000).toFixed(1)} s after the last acknowledgement`,
    `        server peak RSS ${fmt(h.serverPeakRss / MB)} MB (posting and projecting)`,
  ].join('\n')
}

function describeProfile(p: IngestProfile): string {
  const lines = [
    `  profile (in-process, sequential, first ${p.batches} batches = ${fmt(p.events)} events): ${fmt(p.sequentialEventsPerSec)} events/s`,
    `        per batch: JSON.parse ${p.parseMs.toFixed(1)} ms, validation ${p.validateMs.toFixed(1)} ms, storage ${p.storageMs.toFixed(1)} ms`,
    `        storage: JS between statements ${p.betweenStatementsMs.toFixed(1)} ms; statements:`,
  ]
  for (const s of p.statements)
    lines.push(`          ${s.label.padEnd(22)} ${s.ms.toFixed(2).padStart(7)} ms  ×${s.calls.toFixed(2)}`)
  return lines.join('\n')
}

/** Entry point for `npm run bench -- ingest [options]`. */
export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    clients: { type: 'string', default: '8' },
    'profile-batches': { type: 'string', default: '200' },
  })
  const customers = Number(values.customers)
  const clients = Number(values.clients)
  const profileBatches = Number(values['profile-batches'])
  const { pgUrl, engines } = enginesOf(values)
  if (engines.includes('postgres') && !pgUrl)
    log(
      'PostgreSQL part skipped: pass --pg-url postgres://USER@HOST:PORT/postgres or set REEL_BENCH_DATABASE_URL',
    )

  const work = mkdtempSync(join(tmpdir(), 'reel-bench-'))
  try {
    log(`generating the demo shop: ${customers} customers, ${values.days} days, seed ${values.seed} …`)
    const corpus = buildDemoCorpus({
      customers,
      days: Number(values.days),
      seed: Number(values.seed),
      dir: work,
      chunkRows: Number(values['chunk-rows']),
    })
    log(
      `  ${fmt(corpus.events)} events in ${corpus.bodies.length} batches; ${fmt(corpus.jsonBytes / MB)} MB JSON, ` +
        `${fmt(corpus.csvBytes / MB)} MB CSV; generated in ${(corpus.generateMs / 1000).toFixed(1)} s ` +
        `(client JSON.stringify ${(corpus.serialiseMs / 1000).toFixed(1)} s, not timed)`,
    )
    const results: EngineResult[] = []
    for (const engine of engines) {
      if (engine === 'postgres' && !pgUrl) continue
      log(`\n${engine}`)
      const copy =
        engine === 'embedded'
          ? await copyEmbedded(corpus.csvChunks)
          : await copyPostgres(pgUrl ?? '', corpus.csvChunks, work)
      log(
        `  COPY  ${fmt(copy.eventsPerSec)} events/s (${fmt(copy.rows)} rows in ${(copy.copyMs / 1000).toFixed(1)} s)`,
      )
      let http: HttpLoadResult
      if (engine === 'embedded') {
        const dataDir = await freshEmbeddedDir()
        try {
          http = await runHttpLoad({
            storage: { REEL_DATA_DIR: dataDir },
            bodies: corpus.bodies,
            sizes: corpus.sizes,
            clients,
          })
        } finally {
          rmSync(dataDir, { recursive: true, force: true })
        }
      } else {
        const database = await createBenchDatabase(pgUrl ?? '')
        try {
          http = await runHttpLoad({
            storage: { REEL_DATABASE_URL: database.url },
            bodies: corpus.bodies,
            sizes: corpus.sizes,
            clients,
          })
        } finally {
          await database.drop()
        }
      }
      log(describeHttp(http))
      const ratio = http.eventsPerSec / copy.eventsPerSec
      log(`  ratio HTTP ÷ COPY = ${ratio.toFixed(3)} (target ≥ ${TARGET_RATIO})`)
      const profile =
        profileBatches > 0
          ? await profileIngest(engine, corpus.bodies.slice(0, profileBatches), pgUrl)
          : undefined
      if (profile) log(describeProfile(profile))
      results.push({ engine, copy, http, ratio, profile })
    }

    const date = new Date().toISOString().slice(0, 10)
    const ownPeak = process.resourceUsage().maxRSS * 1024
    log(`\nbench process peak RSS ${fmt(ownPeak / MB)} MB`)
    console.log(
      '\n| engine | events | COPY events/s | HTTP events/s | ratio | server peak RSS | date | machine |',
    )
    console.log('|---|---:|---:|---:|---:|---:|---|---|')
    for (const r of results)
      console.log(
        `| ${r.engine} | ${fmt(r.http.events)} | ${fmt(r.copy.eventsPerSec)} | ${fmt(r.http.eventsPerSec)} | ` +
          `${r.ratio.toFixed(3)}${r.ratio >= TARGET_RATIO ? '' : ' (< 0.5)'} | ${fmt(r.http.serverPeakRss / MB)} MB | ${date} | 2 cores |`,
      )
    if (values.json)
      writeFileSync(
        values.json,
        JSON.stringify(
          { date, customers, clients, events: corpus.events, ownPeakRss: ownPeak, results },
          null,
          2,
        ),
      )
    const lost = results.some((r) => r.http.storedEvents !== r.http.events || r.copy.rows !== corpus.events)
    if (lost) {
      log('a count does not match the events sent')
      process.exitCode = 1
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

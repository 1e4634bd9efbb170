/**
 * `npm run bench -- send`: e-mails per second handed from the outbox to a local SMTP server by the delivery
 * worker (DESIGN section 10: ≥ 1,000/s), on the embedded engine and PostgreSQL.
 *
 * Options: --messages N (20000) --concurrency C and --batch B (the channel defaults) --pg-url URL (or
 * REEL_BENCH_DATABASE_URL; without it the PostgreSQL part is skipped) --engines embedded,postgres --json PATH
 * --sink process|inline (process).
 * The SMTP server (the `smtp-server` package) runs in a child process (`--sink process`), so its parsing of
 * every command and message does not share the sender's event loop, as a real mail server would not; `--sink
 * inline` runs it in the bench's own process, on the sender's event loop (how the figures before 2026-11-25
 * were measured).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrations, startReel } from '../src/app.js'
import { channelsMigrations, createChannels, DEFAULT_CHANNEL_SETTINGS } from '../src/channels/index.js'
import { emailTo } from '../src/channels/test-support/outbox-reel.js'
import { startSmtpSink } from '../src/channels/test-support/smtp-sink.js'
import { startSmtpSinkProcess } from '../src/channels/test-support/smtp-sink-process.js'
import { loadConfig } from '../src/config/index.js'
import { type Engine, enginesOf, fmt, log, parseBenchArgs } from './support/cli.js'
import { createBenchDatabase } from './support/pg-database.js'

interface SendResult {
  engine: Engine
  messages: number
  enqueueMs: number
  sendMs: number
  perSecond: number
  delivered: number
  duplicates: number
}

async function runEngine(
  engine: Engine,
  pgUrl: string | undefined,
  options: { messages: number; concurrency: number; batch: number; sink: 'process' | 'inline' },
): Promise<SendResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reel-bench-send-'))
  const database = engine === 'postgres' && pgUrl ? await createBenchDatabase(pgUrl) : undefined
  const reel = await startReel(
    loadConfig({
      REEL_DATA_DIR: dataDir,
      REEL_LOG_LEVEL: 'silent',
      ...(database ? { REEL_DATABASE_URL: database.url } : {}),
    }),
  )
  const sink = await startSink(options.sink)
  try {
    await reel.database.migrate([...migrations, ...channelsMigrations])
    const channels = createChannels({
      db: reel.database.db,
      pool: reel.database.pool,
      clock: reel.clock,
      settings: {
        ...DEFAULT_CHANNEL_SETTINGS,
        smtpUrl: sink.url,
        concurrency: options.concurrency,
        batchSize: options.batch,
      },
      dataDir,
      ingest: (batch) => reel.ingestor.ingest(batch, { source: 'reel' }),
    })
    const messages = Array.from({ length: options.messages }, (_, n) => emailTo(n))
    let t = performance.now()
    await channels.enqueue(reel.database.db, messages)
    const enqueueMs = performance.now() - t
    t = performance.now()
    const result = await channels.deliverDue()
    const sendMs = performance.now() - t
    await channels.close()
    const delivered = await sink.recipients()
    if (result.sent !== options.messages) throw new Error(`sent ${result.sent} of ${options.messages}`)
    return {
      engine,
      messages: options.messages,
      enqueueMs,
      sendMs,
      perSecond: (options.messages / sendMs) * 1000,
      delivered: delivered.length,
      duplicates: delivered.length - new Set(delivered).size,
    }
  } finally {
    await sink.close()
    await reel.close()
    await database?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The sink in a child process, or on the bench's own event loop. */
async function startSink(where: 'process' | 'inline') {
  if (where === 'process') return startSmtpSinkProcess()
  const sink = await startSmtpSink()
  return { ...sink, recipients: async () => sink.received.map((m) => m.to[0] ?? '') }
}

export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    messages: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: String(DEFAULT_CHANNEL_SETTINGS.concurrency) },
    batch: { type: 'string', default: String(DEFAULT_CHANNEL_SETTINGS.batchSize) },
    sink: { type: 'string', default: 'process' },
  })
  const sink = (['process', 'inline'] as const).find((s) => s === values.sink)
  if (!sink) throw new Error('--sink is process or inline')
  const { pgUrl, engines } = enginesOf(values)
  const options = {
    messages: Number(values.messages),
    concurrency: Number(values.concurrency),
    batch: Number(values.batch),
    sink,
  }
  const results: SendResult[] = []
  for (const engine of engines) {
    if (engine === 'postgres' && !pgUrl) {
      log('postgres: skipped (no --pg-url or REEL_BENCH_DATABASE_URL)')
      continue
    }
    log(
      `${engine}: ${fmt(options.messages)} e-mails, concurrency ${options.concurrency}, batch ${options.batch}, sink ${options.sink}`,
    )
    const r = await runEngine(engine, pgUrl, options)
    results.push(r)
    process.stdout.write(
      `${engine}: enqueued in ${(r.enqueueMs / 1000).toFixed(2)} s; sent ${fmt(r.messages)} in ${(r.sendMs / 1000).toFixed(2)} s = ${fmt(r.perSecond)} e-mails/s (target ≥ 1,000); delivered ${fmt(r.delivered)}, duplicates ${r.duplicates}\n`,
    )
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2))
}

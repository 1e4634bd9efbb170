/**
 * `npm run bench -- scale`: the same demo shop's `/v1/batch` traffic into one PostgreSQL, served by one
 * `reel serve --role all` process, then by 2 `--role api` + 2 `--role worker` processes with one worker
 * SIGKILLed mid-run. Prints ingest events/s, the projectors' lag while posting, the time to catch up, and
 * the invariants: every event stored and projected exactly once, and the same radar signals and messages
 * from both set-ups (timers and the outbox claim with FOR UPDATE SKIP LOCKED; a double fire would show).
 *
 * Options: --customers N (10000) --days D (400) --seed S (1) --clients C (8) --kill-at F (0.5: the share
 * of batches acknowledged when the worker is killed) --pg-url URL (or REEL_BENCH_DATABASE_URL; required).
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { AnyDb } from '../src/db/index.js'
import { projectorLag } from '../src/events/index.js'
import { buildDemoCorpus, type DemoCorpus } from './ingest/demo-corpus.js'
import { postBodies, startServer, waitProjected } from './ingest/http-load.js'
import { fmt, log, MB, parseBenchArgs } from './support/cli.js'
import { freePort, stopServer, waitForHealth } from './support/http.js'
import { createBenchDatabase } from './support/pg-database.js'
import { cpuSecondsOf, peakRssOf } from './support/proc.js'

interface Topology {
  name: string
  all: number
  api: number
  workers: number
  /** Kill the first worker once this share of the batches is acknowledged. */
  killWorkerAt?: number
}

interface Outcome {
  topology: Topology
  eventsPerSec: number
  wallMs: number
  /** Largest number of committed events not yet projected (reactions, the last projector), sampled each second. */
  maxLagEvents: number
  /** From the last acknowledgement until all of it was projected. */
  catchUpMs: number
  killedAtMs: number | null
  stored: number
  storedTwice: number
  customersWithWrongCounts: number
  completedOrders: number
  completedOrderEvents: number
  signals: number
  outbox: number
  /** Live lease holders at the end, and how many partitions each holds. */
  leases: Record<string, number>
  cpuSec: number
  peakRssMb: number[]
}

const SCALE: Topology = { name: '2 api + 2 worker', all: 0, api: 2, workers: 2 }

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text)).rows as T[]
  } finally {
    await client.end()
  }
}

const one = async (url: string, text: string) => Number((await query<{ n: string }>(url, text))[0]?.n ?? -1)

/** Committed events the last projector (reactions) has not reached yet, all partitions together. */
async function reactionsLag(db: AnyDb): Promise<number> {
  const lag = await projectorLag(db)
  return lag.filter((l) => l.projector === 'reactions').reduce((sum, l) => sum + l.events, 0)
}

/** Resolves once `count` workers have said they are alive (workers do not listen on HTTP). */
async function workersAlive(url: string, count: number, children: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + 120_000
  for (;;) {
    if (children.some((c) => c.exitCode !== null)) throw new Error('a worker exited during start-up')
    const alive = await one(
      url,
      'select count(*) as n from projector_workers where seen_until > now()',
    ).catch(() => 0)
    if (alive >= count) return
    if (Date.now() > deadline) throw new Error(`only ${alive} of ${count} workers came up in two minutes`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

async function runTopology(adminUrl: string, corpus: DemoCorpus, topology: Topology, clients: number) {
  const database = await createBenchDatabase(adminUrl)
  const storage = { REEL_DATABASE_URL: database.url }
  const agent = new Agent({ keepAlive: true, maxSockets: clients + 2 })
  const children: ChildProcess[] = []
  try {
    // The first listening process migrates the database; the others start on the migrated schema.
    const listeners = [
      ...Array.from({ length: topology.all }, () => 'all' as const),
      ...Array.from({ length: topology.api }, () => 'api' as const),
    ]
    const ports: number[] = []
    for (const [index, role] of listeners.entries()) {
      const port = await freePort()
      const child = startServer(port, storage, role)
      children.push(child)
      ports.push(port)
      if (index === 0)
        await waitForHealth(agent, port, 180, () => {
          if (child.exitCode !== null) throw new Error(`reel serve --role ${role} exited during start-up`)
        })
    }
    const workers = Array.from({ length: topology.workers }, () => startServer(0, storage, 'worker'))
    children.push(...workers)
    for (const port of ports.slice(1)) await waitForHealth(agent, port, 180, () => undefined)
    await workersAlive(database.url, topology.workers, workers)

    let maxLagEvents = 0
    let sampling = true
    // The projectors' own lag query, through a connection of the bench's own.
    const lagDb = new Kysely<object>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
    })
    const sampler = (async () => {
      try {
        while (sampling) {
          maxLagEvents = Math.max(maxLagEvents, await reactionsLag(lagDb))
          await new Promise((r) => setTimeout(r, 1000))
        }
      } finally {
        await lagDb.destroy()
      }
    })()
    const cpuBefore = children.map((c) => cpuSecondsOf(c.pid ?? 0))
    const killAt =
      topology.killWorkerAt === undefined ? -1 : Math.ceil(topology.killWorkerAt * corpus.bodies.length)
    let acknowledged = 0
    let killedAtMs: number | null = null
    const started = performance.now()
    const posted = await postBodies({
      agent,
      ports,
      bodies: corpus.bodies,
      clients,
      onAcknowledged: () => {
        if (++acknowledged !== killAt) return
        workers[0]?.kill('SIGKILL')
        killedAtMs = performance.now() - started
        log(`  worker 1 SIGKILLed after ${acknowledged} of ${corpus.bodies.length} batches`)
      },
    })
    const wallMs = performance.now() - started
    const catchUpMs = await waitProjected(agent, ports[0] as number, posted.lastPosition)
    sampling = false
    await sampler
    const cpuSec = children.reduce((sum, c, i) => sum + cpuSecondsOf(c.pid ?? 0) - (cpuBefore[i] ?? 0), 0)
    const peakRssMb = children.map((c) => (peakRssOf(c.pid ?? 0) ?? 0) / MB)

    const url = database.url
    const leases = await query<{ owner: string; n: string }>(
      url,
      'select owner, count(*) as n from projector_leases where lease_until > now() group by owner',
    )
    const outcome: Outcome = {
      topology,
      eventsPerSec: corpus.events / (wallMs / 1000),
      wallMs,
      maxLagEvents,
      catchUpMs,
      killedAtMs,
      stored: await one(url, 'select count(*) as n from events'),
      storedTwice: await one(
        url,
        'select count(*) as n from (select message_id from events group by message_id having count(*) > 1) d',
      ),
      customersWithWrongCounts: await one(
        url,
        `select count(*) as n from customers c
         where c.events_count <> (select count(*) from events e where e.customer_id = c.customer_id)
            or c.orders_count <> (select count(*) from orders o
                                  where o.customer_id = c.customer_id and o.completed_at is not null)`,
      ),
      completedOrders: await one(url, 'select count(*) as n from orders where completed_at is not null'),
      completedOrderEvents: await one(
        url,
        `select count(distinct properties->>'order_id') as n from events where event = 'Order Completed'`,
      ),
      signals: await one(url, 'select count(*) as n from radar_signals'),
      outbox: await one(url, 'select count(*) as n from outbox_messages'),
      leases: Object.fromEntries(leases.map((l) => [l.owner, Number(l.n)])),
      cpuSec,
      peakRssMb,
    }
    return outcome
  } finally {
    agent.destroy()
    for (const child of children) await stopServer(child)
    await database.drop()
  }
}

function describe(o: Outcome): string {
  const killed = o.killedAtMs === null ? '' : `; worker 1 killed at ${(o.killedAtMs / 1000).toFixed(1)} s`
  return [
    `  ${o.topology.name}: ${fmt(o.eventsPerSec)} events/s (${(o.wallMs / 1000).toFixed(1)} s)${killed}`,
    `        projector lag while posting: at most ${fmt(o.maxLagEvents)} events; all projected ${(o.catchUpMs / 1000).toFixed(1)} s after the last acknowledgement`,
    `        stored ${fmt(o.stored)}, twice ${o.storedTwice}; customers with counts off the log ${o.customersWithWrongCounts}; completed orders ${fmt(o.completedOrders)} for ${fmt(o.completedOrderEvents)} Order Completed`,
    `        radar signals ${fmt(o.signals)}, outbox messages ${fmt(o.outbox)}; live leases ${JSON.stringify(o.leases)}`,
    `        CPU ${o.cpuSec.toFixed(1)} s over the processes; peak RSS ${o.peakRssMb.map((m) => `${fmt(m)} MB`).join(', ')}`,
  ].join('\n')
}

/** Entry point for `npm run bench -- scale [options]`. */
export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    customers: { type: 'string', default: '10000' },
    clients: { type: 'string', default: '8' },
    'kill-at': { type: 'string', default: '0.5' },
  })
  const pgUrl = values['pg-url'] ?? process.env.REEL_BENCH_DATABASE_URL
  if (!pgUrl) {
    log('the scale bench runs on PostgreSQL: pass --pg-url postgres://USER@HOST:PORT/postgres')
    process.exitCode = 2
    return
  }
  const clients = Number(values.clients)
  const work = mkdtempSync(join(tmpdir(), 'reel-bench-'))
  try {
    log(`generating the demo shop: ${values.customers} customers …`)
    const corpus = buildDemoCorpus({
      customers: Number(values.customers),
      days: Number(values.days),
      seed: Number(values.seed),
      dir: work,
      chunkRows: Number(values['chunk-rows']),
    })
    log(`  ${fmt(corpus.events)} events in ${corpus.bodies.length} batches`)
    const single = await runTopology(pgUrl, corpus, { name: '1 all', all: 1, api: 0, workers: 0 }, clients)
    log(describe(single))
    const scaled = await runTopology(
      pgUrl,
      corpus,
      { ...SCALE, killWorkerAt: Number(values['kill-at']) },
      clients,
    )
    log(describe(scaled))

    const problems: string[] = []
    for (const o of [single, scaled]) {
      if (o.stored !== corpus.events)
        problems.push(`${o.topology.name}: ${o.stored} stored of ${corpus.events}`)
      if (o.storedTwice || o.customersWithWrongCounts || o.completedOrders !== o.completedOrderEvents)
        problems.push(`${o.topology.name}: an event is stored or projected other than once`)
    }
    if (scaled.signals !== single.signals || scaled.outbox !== single.outbox)
      problems.push('the two set-ups raised different signals or queued different messages')
    console.log(
      '\n| set-up | events | events/s | max lag (events) | caught up after | signals | messages | exactly once |',
    )
    console.log('|---|---:|---:|---:|---:|---:|---:|---|')
    for (const o of [single, scaled])
      console.log(
        `| ${o.topology.name}${o.killedAtMs === null ? '' : ', 1 worker killed'} | ${fmt(o.stored)} | ${fmt(o.eventsPerSec)} | ${fmt(o.maxLagEvents)} | ` +
          `${(o.catchUpMs / 1000).toFixed(1)} s | ${fmt(o.signals)} | ${fmt(o.outbox)} | ${o.storedTwice || o.customersWithWrongCounts ? 'no' : 'yes'} |`,
      )
    console.log(`\nspeed-up ${(scaled.eventsPerSec / single.eventsPerSec).toFixed(2)}×`)
    if (problems.length) {
      for (const p of problems) log(p)
      process.exitCode = 1
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

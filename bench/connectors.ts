/**
 * `npm run bench -- connectors` (issue 18): how fast Reel answers a shop platform's webhooks, against
 * Shopify's 5-second limit. `reel serve` on a fresh database of each engine; --orders (1000: with their retries, within the route's 3,000 deliveries a minute from one address) distinct
 * Shopify orders (the documented example order, each its own id, customer among --customers (500) and three
 * line items), posted as signed `orders/create` webhooks by --clients (8) keep-alive clients; then the same
 * deliveries again (retries: answered from their records). Prints the answer time's median, p99 and max,
 * deliveries/s, and how long after the last answer `?after=` saw everything projected.
 *
 * Options: --orders N --customers N --clients C --engines embedded,postgres --pg-url URL.
 */
import { createHmac, randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { comparePositions, formatPosition, type LogPosition, parsePosition } from '../src/events/index.js'
import { ADMIN_TOKEN, buildReel, reelEnv, type Storage, spawnReel } from './radar/reel-process.js'
import { enginesOf, fmt, log, parseBenchArgs } from './support/cli.js'
import { freePort, send, stopServer, waitForHealth } from './support/http.js'
import { createBenchDatabase } from './support/pg-database.js'

const SHOP = 'bench-shop.myshopify.com'
const SECRET = 'shpss_bench_secret'
const SHOPIFY_LIMIT_MS = 5000

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

interface Delivery {
  id: string
  body: Buffer
}

function deliveries(orders: number, customers: number): Delivery[] {
  const example = JSON.parse(
    readFileSync(new URL('../src/connectors/fixtures/shopify/order.json', import.meta.url), 'utf8'),
  )
  const start = Date.UTC(2026, 10, 1)
  return Array.from({ length: orders }, (_, i) => {
    const at = new Date(start + i * 60_000).toISOString()
    const order = {
      ...example,
      id: 9_000_000 + i,
      checkout_token: `bench-${i}`,
      financial_status: 'paid',
      refunds: [],
      cancelled_at: null,
      created_at: at,
      processed_at: at,
      updated_at: at,
      customer: { ...example.customer, id: 1_000 + (i % customers), email: `c${i % customers}@example.com` },
    }
    return { id: randomUUID(), body: Buffer.from(JSON.stringify(order)) }
  })
}

async function post(
  agent: Agent,
  port: number,
  d: Delivery,
): Promise<{ ms: number; status: number; position: string | null }> {
  const started = performance.now()
  const answer = await send(
    agent,
    port,
    'POST',
    '/v1/connectors/shopify',
    {
      'content-type': 'application/json',
      'content-length': d.body.length,
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SHOP,
      'x-shopify-webhook-id': d.id,
      'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(d.body).digest('base64'),
    },
    d.body,
  )
  const ms = performance.now() - started
  const position = answer.status === 200 ? (JSON.parse(answer.body).position as string | null) : null
  return { ms, status: answer.status, position }
}

/** Posts every delivery with `clients` concurrent clients; answer times and the last position. */
async function postAll(agent: Agent, port: number, all: Delivery[], clients: number) {
  const times: number[] = []
  let failed = 0
  let last: LogPosition | null = null
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < all.length) {
        const d = all[next++] as Delivery
        const r = await post(agent, port, d)
        times.push(r.ms)
        if (r.status !== 200) failed += 1
        const at = r.position === null ? null : parsePosition(r.position)
        if (at && (last === null || comparePositions(at, last) > 0)) last = at
      }
    }),
  )
  return { times, failed, last, seconds: (performance.now() - started) / 1000 }
}

async function measure(storage: Storage, engine: string, all: Delivery[], clients: number) {
  const port = await freePort()
  const server = spawnReel(
    ['serve'],
    reelEnv(storage, { PORT: String(port), HOST: '127.0.0.1', REEL_SHOPIFY_WEBHOOK_SECRET: SECRET }),
  )
  const agent = new Agent({ keepAlive: true, maxSockets: clients })
  try {
    await waitForHealth(agent, port, 120, () => {
      if (server.child.exitCode !== null) throw new Error('reel serve exited')
    })
    const first = await postAll(agent, port, all, clients)
    const answeredAt = performance.now()
    // Until every projector has passed the last answer (?after= waits up to 5 s a call, then says 503).
    const path = `/api/v1/stats?after=${first.last ? formatPosition(first.last) : ''}`
    const projected = async () =>
      (await send(agent, port, 'GET', path, { authorization: `Bearer ${ADMIN_TOKEN}` })).status === 200
    while (!(await projected())) {
      // ?after= waited its 5 s and answered 503: ask again
    }
    const projectedMs = performance.now() - answeredAt
    const retries = await postAll(agent, port, all, clients)
    const row = (label: string, r: typeof first) =>
      `| ${engine} | ${label} | ${fmt(all.length)} | ${fmt(all.length / r.seconds)} | ${quantile(r.times, 0.5).toFixed(1)} | ${quantile(r.times, 0.99).toFixed(1)} | ${Math.max(...r.times).toFixed(1)} | ${r.failed} |`
    console.log(row('new orders', first))
    console.log(row('retried', retries))
    console.log(
      `| ${engine} | projected after the last answer | ${(projectedMs / 1000).toFixed(1)} s | | | | | |`,
    )
  } finally {
    agent.destroy()
    await stopServer(server.child)
  }
}

export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    orders: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '8' },
  })
  const { pgUrl, engines } = enginesOf(values)
  const customers = Number(values.customers === '100000' ? '500' : values.customers)
  buildReel()
  const all = deliveries(Number(values.orders), customers)
  log(
    `${fmt(all.length)} signed orders/create deliveries, ${fmt(customers)} customers, ${values.clients} clients`,
  )
  console.log(`Webhook answers (ms, keep-alive loopback; Shopify gives up after ${SHOPIFY_LIMIT_MS} ms):`)
  console.log('| engine | deliveries | count | per s | median | p99 | max | non-200 |')
  console.log('|---|---|---:|---:|---:|---:|---:|---:|')
  for (const engine of engines) {
    if (engine === 'embedded')
      await measure(
        { REEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'reel-bench-connectors-')) },
        engine,
        all,
        Number(values.clients),
      )
    else if (pgUrl) {
      const database = await createBenchDatabase(pgUrl)
      try {
        await measure({ REEL_DATABASE_URL: database.url }, engine, all, Number(values.clients))
      } finally {
        await database.drop()
      }
    } else log('postgres: skipped (no --pg-url or REEL_BENCH_DATABASE_URL)')
  }
}

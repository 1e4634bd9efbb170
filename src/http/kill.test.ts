/**
 * `reel serve` killed with SIGKILL under load, on both engines: every batch that got a 200 is
 * stored, once, after a restart on the same data; derived state agrees with the stored log.
 */
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, describe, type TestContext, test } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import { openDatabase } from '../db/index.js'
import {
  basicAuth,
  bearer,
  engines,
  freshEmbeddedDir,
  freshPostgresUrl,
  TEST_ADMIN_TOKEN,
  TEST_WRITE_KEY,
} from '../test-support/engines.js'
import {
  freePort,
  type ServerProcess,
  spawnServer,
  stopServer,
  waitForHealth,
} from '../test-support/server-process.js'

const CLIENTS = 8
const KILLS = 2
/** Load runs at least this long, and until this many batches were acknowledged, before the kill. */
const MIN_LOAD_MS = 2_000
const MIN_ACKED_BATCHES = 30
const MAX_LOAD_MS = 15_000

/** One event of a shopper's visit; a quarter are orders, so the orders table has something to agree with. */
function shopEvent(messageId: string, userId: string, j: number): Record<string, unknown> {
  const product = { product_id: `p-${j % 23}`, price: 30, quantity: 1 }
  switch (j % 4) {
    case 0:
      return {
        type: 'track',
        messageId,
        userId,
        event: 'Order Completed',
        properties: { order_id: `o-${messageId}`, total: 30, currency: 'USD', products: [product] },
      }
    case 1:
      return { type: 'identify', messageId, userId, traits: { email: `${userId}@shop.test` } }
    case 2:
      return {
        type: 'track',
        messageId,
        userId,
        event: 'Product Added',
        properties: { cart_id: `cart-${userId}`, ...product },
      }
    default:
      return { type: 'track', messageId, userId, event: 'Product Viewed', properties: product }
  }
}

interface LoadResult {
  /** messageIds of every batch answered 200 with all its events accepted. */
  acked: string[]
  ackedBatches: number
  /** Requests sent and not yet answered when the process was killed. */
  inFlightAtKill: number
  problems: string[]
}

/**
 * Posts batches from concurrent clients until `kill` says so, then kills the server with
 * SIGKILL while requests are still in flight.
 */
async function loadThenKill(server: ServerProcess, round: number): Promise<LoadResult> {
  const result: LoadResult = { acked: [], ackedBatches: 0, inFlightAtKill: 0, problems: [] }
  let killed = false
  let inFlight = 0
  const client = async (c: number) => {
    for (let n = 0; !killed; n++) {
      const size = 50 + Math.floor(Math.random() * 151)
      const batch = Array.from({ length: size }, (_, j) =>
        shopEvent(`k${round}-c${c}-b${n}-e${j}`, `u-${Math.floor(Math.random() * 300)}`, j),
      )
      inFlight++
      try {
        const res = await fetch(`${server.url}/v1/batch`, {
          method: 'POST',
          headers: { authorization: basicAuth(), 'content-type': 'application/json' },
          body: JSON.stringify({ batch }),
        })
        const body = (await res.json()) as { accepted?: number; quarantined?: unknown[] }
        if (res.status === 429) await new Promise((resolve) => setTimeout(resolve, 20))
        else if (res.status !== 200 || body.accepted !== size || body.quarantined?.length !== 0)
          result.problems.push(`${res.status} ${JSON.stringify(body).slice(0, 300)}`)
        else {
          for (const m of batch) result.acked.push(m.messageId as string)
          result.ackedBatches++
        }
      } catch (error) {
        if (!killed) result.problems.push(`before the kill: ${String(error)}`)
        return // the server is gone; what this request carried is not acknowledged
      } finally {
        inFlight--
      }
    }
  }
  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c))
  const started = Date.now()
  while (
    (Date.now() - started < MIN_LOAD_MS || result.ackedBatches < MIN_ACKED_BATCHES) &&
    Date.now() - started < MAX_LOAD_MS &&
    result.problems.length === 0
  )
    await new Promise((resolve) => setTimeout(resolve, 10))
  result.inFlightAtKill = inFlight
  killed = true
  server.child.kill('SIGKILL')
  await server.exited
  await Promise.all(clients)
  return result
}

/**
 * Waits until the server has projected the log up to `position`: `?after=` waits a bounded time and
 * answers 503 while the projectors catch up on what the killed servers left behind.
 */
async function readAfter(server: ServerProcess, position: string): Promise<void> {
  const deadline = Date.now() + 120_000
  for (;;) {
    const res = await fetch(`${server.url}/api/v1/stats?after=${position}`, {
      headers: { authorization: bearer() },
    })
    if (res.status === 200) return
    assert.equal(res.status, 503, `reading after ${position}: ${await res.text()}`)
    assert.ok(Date.now() < deadline, `the log is not projected up to ${position} after two minutes`)
  }
}

/** What the database holds after the last server stopped. */
interface StoredState {
  messageIds: Set<string>
  storedTwice: number
  completedOrderEvents: number
  completedOrders: number
  customersWithWrongCounts: number
}

async function readStored(store: { dataDir?: string; databaseUrl?: string }): Promise<StoredState> {
  const database = await openDatabase({ dataDir: store.dataDir ?? '', databaseUrl: store.databaseUrl })
  const db = database.db
  try {
    const ids = await sql<{ message_id: string }>`select message_id from events`.execute(db)
    const twice = await sql<{ n: number }>`
      select count(*)::int as n from (select message_id from events group by message_id having count(*) > 1) d`.execute(
      db,
    )
    const orderEvents = await sql<{ n: number }>`
      select count(distinct properties->>'order_id')::int as n from events where event = 'Order Completed'`.execute(
      db,
    )
    const orders = await sql<{ n: number }>`
      select count(*)::int as n from orders where completed_at is not null`.execute(db)
    const wrong = await sql<{ n: number }>`
      select count(*)::int as n from customers c
      where c.events_count <> (select count(*) from events e where e.customer_id = c.customer_id)
         or c.orders_count <> (select count(*) from orders o
                               where o.customer_id = c.customer_id and o.completed_at is not null)`.execute(
      db,
    )
    return {
      messageIds: new Set(ids.rows.map((r) => r.message_id)),
      storedTwice: twice.rows[0]?.n ?? -1,
      completedOrderEvents: orderEvents.rows[0]?.n ?? -1,
      completedOrders: orders.rows[0]?.n ?? -1,
      customersWithWrongCounts: wrong.rows[0]?.n ?? -1,
    }
  } finally {
    await database.close()
  }
}

for (const engine of engines) {
  describe(`reel serve killed on ${engine.name}`, { skip: engine.skip }, () => {
    const running: ServerProcess[] = []
    const folders: string[] = []
    const databases: string[] = []
    after(async () => {
      for (const server of running) await stopServer(server, 'SIGKILL')
      for (const dir of folders) rmSync(dir, { recursive: true, force: true })
      for (const url of databases) {
        const admin = new pg.Client({ connectionString: process.env.REEL_TEST_DATABASE_URL })
        await admin.connect()
        await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`)
        await admin.end()
      }
    })

    /** A fresh store for this engine, as the environment `reel serve` reads. */
    async function freshStore(): Promise<{
      env: Record<string, string>
      dataDir?: string
      databaseUrl?: string
    }> {
      if (engine.name === 'embedded') {
        const dataDir = await freshEmbeddedDir()
        folders.push(dataDir)
        return { env: { REEL_DATA_DIR: dataDir }, dataDir }
      }
      const databaseUrl = await freshPostgresUrl()
      databases.push(databaseUrl)
      return { env: { REEL_DATABASE_URL: databaseUrl }, databaseUrl }
    }

    async function start(storeEnv: Record<string, string>): Promise<ServerProcess> {
      const server = spawnServer({
        PORT: String(await freePort()),
        REEL_WRITE_KEY: TEST_WRITE_KEY,
        REEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        REEL_LOG_LEVEL: 'warn',
        ...storeEnv,
      })
      running.push(server)
      await waitForHealth(server)
      return server
    }

    test('every acknowledged event survives SIGKILL under load, stored once, with derived state in step', async (t: TestContext) => {
      const store = await freshStore()
      const acked: string[] = []
      for (let round = 1; round <= KILLS; round++) {
        const server = await start(store.env)
        const load = await loadThenKill(server, round)
        t.diagnostic(
          `kill ${round}: ${load.ackedBatches} batches (${load.acked.length} events) acknowledged, ` +
            `${load.inFlightAtKill} requests in flight at the kill`,
        )
        assert.deepEqual(load.problems, [], 'every answer before the kill was a full 200')
        assert.ok(load.ackedBatches >= MIN_ACKED_BATCHES, `only ${load.ackedBatches} batches acknowledged`)
        assert.ok(load.inFlightAtKill > 0, 'requests were in flight when the process was killed')
        acked.push(...load.acked)
      }
      // The restarted server takes over the folder (stale lock and socket) or database and accepts events.
      const last = await start(store.env)
      const res = await fetch(`${last.url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({ batch: [shopEvent('after-kills', 'u-after', 0)] }),
      })
      assert.equal(res.status, 200, 'the restarted server accepts events')
      // Derived state is the projectors', behind the log: read after the last position, as a client would.
      const { position } = (await res.json()) as { position: string }
      await readAfter(last, position)
      await stopServer(last, 'SIGTERM')
      assert.deepEqual(await last.exited, { code: 0, signal: null }, `a clean stop: ${last.output()}`)

      const stored = await readStored(store)
      const lost = acked.filter((id) => !stored.messageIds.has(id))
      t.diagnostic(`${acked.length} acknowledged, ${stored.messageIds.size} stored`)
      assert.equal(
        lost.length,
        0,
        `${lost.length} acknowledged events lost, e.g. ${lost.slice(0, 5).join(', ')}`,
      )
      assert.ok(stored.messageIds.has('after-kills'), 'the event sent after the kills is stored')
      assert.equal(stored.storedTwice, 0, 'no messageId is stored twice')
      assert.equal(
        stored.completedOrders,
        stored.completedOrderEvents,
        'one completed order per stored Order Completed event',
      )
      assert.equal(stored.customersWithWrongCounts, 0, "customers' event and order counts match the log")
    })

    if (engine.name === 'embedded')
      test('a second reel serve on the same data folder is refused, naming the folder', async () => {
        const store = await freshStore()
        const first = await start(store.env)
        const second = spawnServer({
          PORT: String(await freePort()),
          REEL_WRITE_KEY: TEST_WRITE_KEY,
          REEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          REEL_LOG_LEVEL: 'warn',
          ...store.env,
        })
        running.push(second)
        const ended = await Promise.race([
          second.exited,
          new Promise<'still running'>((resolve) => setTimeout(resolve, 60_000, 'still running').unref()),
        ])
        assert.notEqual(ended, 'still running', 'the second server exits')
        assert.ok(
          ended !== 'still running' && ended.code !== 0,
          `it exits non-zero: ${JSON.stringify(ended)}`,
        )
        assert.match(second.output(), /in use by Reel process/)
        assert.ok(second.output().includes(store.dataDir ?? '?'), `it names the folder: ${second.output()}`)
        const health = await fetch(`${first.url}/health`)
        assert.equal(health.status, 200, 'the first server keeps serving')
        await stopServer(first, 'SIGTERM')
      })
  })
}

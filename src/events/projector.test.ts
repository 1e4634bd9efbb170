import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import pg from 'pg'
import type { Reel } from '../app.js'
import type { AnyDb } from '../db/index.js'
import { dropDatabase, engines, freshPostgresUrl } from '../test-support/engines.js'
import { leaseHolders, PARTS, parsePosition, type RawMessage } from './index.js'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const START = Date.UTC(2026, 0, 1)

/** `n` page views of `customers` members, then one order each: the log a projector must fold once. */
function traffic(prefix: string, customers: number, views: number): RawMessage[] {
  const messages: RawMessage[] = []
  for (let c = 0; c < customers; c++)
    for (let v = 0; v < views; v++)
      messages.push({
        type: 'page',
        userId: `${prefix}-${c}`,
        messageId: `${prefix}-${c}-view-${v}`,
        timestamp: new Date(START + (c * views + v) * 1000).toISOString(),
        name: 'Home',
      })
  for (let c = 0; c < customers; c++)
    messages.push({
      type: 'track',
      event: 'Order Completed',
      userId: `${prefix}-${c}`,
      messageId: `${prefix}-${c}-order`,
      timestamp: new Date(START + 86_400_000).toISOString(),
      properties: { order_id: `${prefix}-${c}-o`, total: 10, currency: 'KRW' },
    })
  return messages
}

async function appendUnprojected(reel: Reel, messages: RawMessage[], batch = 500): Promise<string> {
  let position = ''
  for (let i = 0; i < messages.length; i += batch) {
    const result = await reel.ingestor.ingest(messages.slice(i, i + batch), { settle: false })
    position = result.position ?? position
  }
  return position
}

/** Events counted on profiles and orders: a projection applied twice or skipped shows here. */
async function projectedCounts(db: AnyDb) {
  const row = await sql<{ events: string; customers: string; orders: string }>`
    select (select coalesce(sum(events_count), 0) from customers) as events,
      (select count(*) from customers) as customers, (select count(*) from orders) as orders`.execute(db)
  const r = row.rows[0]
  return { events: Number(r?.events), customers: Number(r?.customers), orders: Number(r?.orders) }
}

for (const engine of engines) {
  describe(`the projectors behind the log (${engine.name})`, { skip: engine.skip }, () => {
    test('acknowledged events are in the log at once and projected once, on every partition', async () => {
      const reel = await engine.start()
      try {
        const position = await appendUnprojected(reel, traffic('a', 40, 5))
        assert.deepEqual(await projectedCounts(reel.database.db), { events: 0, customers: 0, orders: 0 })
        assert.equal(await reel.projector.waitFor(parsePosition(position)!, 50), false, 'not projected yet')
        const lag = await reel.projector.lag()
        assert.equal(
          lag.filter((l) => l.projector === 'reactions').reduce((n, l) => n + l.events, 0),
          240,
          'the lag counts every event not yet projected',
        )
        assert.equal(await reel.projector.catchUp(), 240, 'the state projector projects each event')
        assert.equal(await reel.projector.catchUp(), 0, 'and nothing a second time')
        assert.equal(await reel.projector.waitFor(parsePosition(position)!, 50), true)
        assert.deepEqual(await projectedCounts(reel.database.db), { events: 240, customers: 40, orders: 40 })
        const parts = await sql<{ part: number }>`select distinct part from events`.execute(reel.database.db)
        assert.ok(parts.rows.length > PARTS / 2, 'customers spread over the partitions')
      } finally {
        await reel.close()
      }
    })
  })
}

const postgres = engines.find((e) => e.name === 'postgres')

describe('the projectors on a shared PostgreSQL', { skip: postgres?.skip ?? 'no PostgreSQL' }, () => {
  test('an open transaction of this database holds them back; one of another database does not', async () => {
    const reel = await (postgres as (typeof engines)[number]).start()
    const otherUrl = await freshPostgresUrl()
    const other = new pg.Client({ connectionString: otherUrl })
    const here = new pg.Client({ connectionString: reel.config.databaseUrl })
    await other.connect()
    await here.connect()
    try {
      await other.query('begin; create table busy (x int); insert into busy values (1)')
      await appendUnprojected(reel, traffic('b', 3, 1))
      assert.equal(await reel.projector.catchUp(), 6, "another database's transaction is not waited on")
      // A transaction that took its id before the next batch may still commit events below it.
      await here.query("begin; insert into settings (key, value) values ('held', 'x')")
      await appendUnprojected(reel, traffic('c', 3, 1))
      assert.equal(await reel.projector.catchUp(), 0, 'the batch after an open transaction waits for it')
      await here.query('commit')
      assert.equal(await reel.projector.catchUp(), 6)
    } finally {
      await other.query('rollback').catch(() => undefined)
      await other.end()
      await here.end()
      await dropDatabase(otherUrl)
      await reel.close()
    }
  })

  test("a visitor's event sent while another batch ties the visitor to a member lands on the member", async () => {
    const reel = await (postgres as (typeof engines)[number]).start()
    const at = (s: number) => new Date(START + s * 1000).toISOString()
    let release = () => {}
    try {
      await reel.ingestor.ingest([
        { type: 'page', anonymousId: 'v1', messageId: 'v1-first', name: 'Home', timestamp: at(1) },
      ])
      // The identify's batch is held open (a slow request) while the visitor's next page view arrives.
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      let identified = () => {}
      const linked = new Promise<void>((resolve) => {
        identified = resolve
      })
      const identify = reel.database.db.transaction().execute(async (tx) => {
        await reel.ingestor.ingest(
          [{ type: 'identify', anonymousId: 'v1', userId: 'm1', messageId: 'v1-identify', timestamp: at(2) }],
          { tx },
        )
        identified()
        await held
      })
      await linked
      let viewStored = false
      const view = reel.ingestor
        .ingest(
          [{ type: 'page', anonymousId: 'v1', messageId: 'v1-second', name: 'Shoes', timestamp: at(3) }],
          {
            settle: false,
          },
        )
        .then(() => {
          viewStored = true
        })
      await new Promise((resolve) => setTimeout(resolve, 300))
      assert.equal(viewStored, false, "the visitor's batch waits for the batch that ties the visitor")
      release()
      await identify
      await view
      await reel.projector.catchUp()
      const events = await sql<{ message_id: string; customer_id: string }>`
        select message_id, customer_id from events order by message_id`.execute(reel.database.db)
      assert.deepEqual(
        events.rows.map((r) => [r.message_id, r.customer_id]),
        [
          ['v1-first', 'm1'],
          ['v1-identify', 'm1'],
          ['v1-second', 'm1'],
        ],
      )
      const profiles = await sql<{ customer_id: string; events_count: number }>`
        select customer_id, events_count from customers`.execute(reel.database.db)
      assert.deepEqual(
        profiles.rows.map((r) => [r.customer_id, Number(r.events_count)]),
        [['m1', 3]],
      )
    } finally {
      release()
      await reel.close()
    }
  })

  test('a worker killed mid-batch: the next one goes on from the checkpoint, nothing twice', async () => {
    const reel = await (postgres as (typeof engines)[number]).start()
    try {
      const customers = 400
      const views = 25
      await appendUnprojected(reel, traffic('k', customers, views), 1000)
      const worker = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--role', 'worker'],
        {
          cwd: REPO_ROOT,
          env: {
            ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REEL_'))),
            REEL_DATABASE_URL: reel.config.databaseUrl ?? '',
            REEL_ADMIN_TOKEN: 'test-admin-token-0123456789',
            REEL_WRITE_KEY: 'test-write-key',
            REEL_LOG_LEVEL: 'warn',
          },
          stdio: 'ignore',
        },
      )
      const exited = new Promise((resolve) => worker.once('exit', resolve))
      // Killed once it has committed some batches and not all of them.
      const total = customers * (views + 1)
      for (;;) {
        const { events } = await projectedCounts(reel.database.db)
        if (events > 0) break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      worker.kill('SIGKILL')
      await exited
      const atKill = await projectedCounts(reel.database.db)
      assert.ok(atKill.events < total, `killed before the end (${atKill.events} of ${total})`)
      const holders = await leaseHolders(reel.database.db)
      assert.ok(
        [...holders.values()].some((owner) => owner !== null),
        'the dead worker still holds leases',
      )
      // This process's worker takes the dead one's partitions over once their leases run out.
      const errors: unknown[] = []
      const next = reel.projector.startWorker({ onError: (e) => errors.push(e), leaseMs: 1000, pollMs: 20 })
      try {
        const deadline = Date.now() + 60_000
        while ((await projectedCounts(reel.database.db)).events < total && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 100))
      } finally {
        await next.stop()
      }
      assert.deepEqual(errors, [])
      assert.deepEqual(await projectedCounts(reel.database.db), {
        events: total,
        customers,
        orders: customers,
      })
      const perCustomer = await sql<{ n: number }>`
        select count(*)::int as n from customers where events_count <> ${views + 1}`.execute(reel.database.db)
      assert.equal(perCustomer.rows[0]?.n, 0, 'every customer counted each of their events once')
    } finally {
      await reel.close()
    }
  })

  test('partitions are shared among live workers and handed over when one stops', async () => {
    const reel = await (postgres as (typeof engines)[number]).start()
    const errors: unknown[] = []
    const options = { onError: (e: unknown) => errors.push(e), leaseMs: 800, pollMs: 20 }
    const owned = async () => {
      const counts = new Map<string, number>()
      for (const owner of (await leaseHolders(reel.database.db)).values())
        if (owner) counts.set(owner, (counts.get(owner) ?? 0) + 1)
      return counts
    }
    const until = async (check: (counts: Map<string, number>) => boolean) => {
      const deadline = Date.now() + 15_000
      while (!check(await owned())) {
        if (Date.now() > deadline)
          assert.fail(`leases never settled: ${JSON.stringify([...(await owned())])}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    try {
      const a = reel.projector.startWorker({ ...options, owner: 'worker-a' })
      await until((c) => c.get('worker-a') === PARTS)
      const b = reel.projector.startWorker({ ...options, owner: 'worker-b' })
      await until((c) => c.get('worker-a') === PARTS / 2 && c.get('worker-b') === PARTS / 2)
      await a.stop()
      await until((c) => c.get('worker-b') === PARTS && !c.has('worker-a'))
      await appendUnprojected(reel, traffic('h', 20, 2))
      const deadline = Date.now() + 15_000
      while ((await projectedCounts(reel.database.db)).events < 60 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50))
      await b.stop()
      assert.deepEqual(await projectedCounts(reel.database.db), { events: 60, customers: 20, orders: 20 })
      assert.deepEqual(errors, [])
    } finally {
      await reel.close()
    }
  })
})

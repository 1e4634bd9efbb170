import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import type { Reel } from '../../src/app.js'
import {
  type CustomerEvent,
  createRandom,
  demoWindow,
  type GroundTruth,
  missedCustomer,
  type Random,
  runDemo,
  type TruthEntry,
  toCustomerEvent,
} from '../../src/demo/index.js'
import type { RawMessage } from '../../src/events/index.js'
import { engines } from '../../src/test-support/engines.js'
import { runSqlRadar, SQL_RADAR_QUERIES, type SqlRadarKind, type SqlRadarRow } from './sql-reference.js'

const postgres = engines.find((e) => e.name === 'postgres')!
const KINDS = Object.keys(SQL_RADAR_QUERIES) as SqlRadarKind[]
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The truth's own order (customer, time, key) so that a failure shows a readable diff. */
function sorted(entries: readonly TruthEntry[]): TruthEntry[] {
  const text = (e: TruthEntry): string => `${e.customerId}\u0000${e.at}\u0000${e.key}`
  return [...entries].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0))
}

function ofKind(rows: readonly SqlRadarRow[], kind: SqlRadarKind): TruthEntry[] {
  return rows.filter((r) => r.kind === kind).map(({ customerId, key, at }) => ({ customerId, key, at }))
}

/** A Reel on a fresh PostgreSQL database, and a way to drop that database afterwards. */
async function freshReel(asOf: number): Promise<{ reel: Reel; drop(): Promise<void> }> {
  const reel = await postgres.start({ clock: () => new Date(asOf) })
  return {
    reel,
    async drop() {
      const url = reel.config.databaseUrl
      await reel.close()
      if (!url) return
      // Test databases are throwaway: drop this one rather than leave it behind on every run.
      const admin = new pg.Client({ connectionString: process.env.REEL_TEST_DATABASE_URL })
      await admin.connect()
      await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`)
      await admin.end()
    },
  }
}

describe('the SQL reference radar on the demo shop', { skip: postgres.skip }, () => {
  /** Big enough that every kind occurs (dormancy needs more than 365 days), small enough to ingest in seconds. */
  const SHOP = { customers: 400, days: 400, seed: 3 }
  let dir: string
  let database: Awaited<ReturnType<typeof freshReel>> | undefined
  let truth: GroundTruth
  let found: SqlRadarRow[]

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-sql-radar-'))
    database = await freshReel(demoWindow(SHOP).asOf)
    const truthPath = join(dir, 'truth.json')
    await runDemo({ ...SHOP, truthPath }, database.reel.ingestor)
    truth = JSON.parse(await readFile(truthPath, 'utf8')) as GroundTruth
    found = (await runSqlRadar(database.reel.database.pool, new Date(truth.asOf))).rows
  })

  after(async () => {
    await database?.drop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  for (const kind of KINDS) {
    test(`finds exactly the ground truth's ${kind} customers, keys and times`, () => {
      const expected = truth.kinds[kind]
      assert.ok(expected.length > 0, `the demo shop has no ${kind}: the comparison would prove nothing`)
      assert.deepEqual(sorted(ofKind(found, kind)), sorted(expected))
    })
  }
})

const EDGE_AS_OF = Date.parse('2026-11-01T00:00:00.000Z')

/** A message and the customer it belongs to once identities are resolved (`anon:` for a visitor). */
interface EdgeEvent {
  customerId: string
  message: RawMessage
}

/**
 * Histories made of the rules' edge cases, which the demo's second-precision random times almost never
 * hit: 15 visits exactly 89 or 90 days apart, views 30 or 31 min apart, cancels at exactly 24 h, carts quiet
 * for 59/60/61 min, orders at exactly a cart's hour or a visit, silences of exactly 335 or 365 days,
 * ratings and quantities as text, back-office events, signed-out views, events after asOf, visitors.
 */
function edgeHistories(seed: number, people: number): EdgeEvent[] {
  const r = createRandom(seed)
  const events: Array<EdgeEvent & { at: number }> = []
  for (let n = 1; n <= people; n++) {
    const visitor = r.chance(0.05)
    const userId = `member-edge-${n}`
    const anonymousId = `browser-edge-${n}`
    const customerId = visitor ? `anon:${anonymousId}` : userId
    edgeCustomer(r, (at, type, event, properties = {}, signedIn = true) => {
      const ids = visitor || !signedIn ? { anonymousId } : { userId, anonymousId }
      events.push({ at, customerId, message: { type, ...(event ? { event } : {}), ...ids, properties } })
    })
  }
  // Stable on generation order, as the oracle's sort; the database breaks ties by seq: the same order.
  events.sort((a, b) => a.at - b.at)
  return events.map(({ at, customerId, message }, i) => ({
    customerId,
    message: { ...message, messageId: `edge-${i}`, timestamp: new Date(at).toISOString() },
  }))
}

type AddEvent = (at: number, type: string, event?: string, properties?: object, signedIn?: boolean) => void

/** One person's history, built from the blocks that exercise each rule's boundaries. */
function edgeCustomer(r: Random, add: AddEvent): void {
  const someTime = (): number => EDGE_AS_OF - r.int(0, 700) * DAY - r.int(0, 47) * 30 * MINUTE
  if (r.chance(0.25)) {
    // A sleeper: one order, then silences of exactly 335 or 365 days (the next activity is not later).
    const signedIn = EDGE_AS_OF - r.pick([335, 365, 700, 730]) * DAY
    add(signedIn - r.pick([0, DAY]), 'track', 'Order Completed', { order_id: 'o-s' })
    add(signedIn, 'track', 'Signed In')
    add(signedIn + r.pick([334, 335, 365, 366]) * DAY, 'identify')
    return
  }
  const visits: number[] = []
  for (let burst = r.int(0, 3); burst > 0; burst--) {
    const start = someTime()
    const count = r.int(13, 17)
    const span = r.pick([89 * DAY, 90 * DAY, 90 * DAY - 30 * MINUTE, 90 * DAY + 30 * MINUTE, 60 * DAY])
    for (let i = 0; i < count; i++) {
      const at = start + Math.round((i * span) / (count - 1) / (30 * MINUTE)) * 30 * MINUTE
      visits.push(at)
      const [type = 'page', event] = r.pick([['page'], ['screen'], ['track', 'Product Viewed']])
      add(at, type, event, {}, r.chance(0.7))
      if (r.chance(0.4)) add(at + r.pick([30, 31]) * MINUTE, 'page', undefined, {}, r.chance(0.7))
    }
  }
  const orderIds = ['o-1', 'o-2', 'o-3']
  for (let orders = r.int(0, 4); orders > 0; orders--) {
    const visit = visits.length > 0 ? r.pick(visits) : someTime()
    const at = r.pick([someTime(), visit, visit - 90 * DAY, visit - 90 * DAY + MINUTE])
    const orderId = r.pick(orderIds)
    add(at, 'track', 'Order Completed', r.chance(0.9) ? { order_id: orderId } : {})
    for (const event of ['Order Cancelled', 'Order Refunded', 'Return Requested']) {
      if (!r.chance(0.4)) continue
      const offset = r.pick([-MINUTE, 0, 12 * HOUR, DAY, DAY + MINUTE, 3 * DAY])
      const reason = r.pick([{}, { reason: 'customer_request' }, { reason: 'out_of_stock' }, { reason: 5 }])
      add(at + offset, 'track', event, { order_id: r.pick([orderId, orderId, 'o-9']), ...reason })
    }
  }
  for (let carts = r.int(0, 3); carts > 0; carts--) {
    const cartId = r.pick(['c-1', 'c-2', 'c-3'])
    // Last changes 59, 60 and 61 min before asOf: not yet, abandoned, abandoned.
    let at = r.chance(0.3) ? EDGE_AS_OF - r.pick([59, 60, 61, 120]) * MINUTE : someTime()
    for (let steps = r.int(1, 6); steps > 0; steps--) {
      const event = r.weighted(['Product Added', 'Product Removed', 'Checkout Started'], [6, 3, 1])
      const quantity = r.pick([
        {},
        {},
        { quantity: 0 },
        { quantity: 2 },
        { quantity: '2' },
        { quantity: 'two' },
      ])
      const product = r.pick([{ product_id: 'p-1' }, { product_id: 'p-2' }, {}])
      add(at, 'track', event, { cart_id: cartId, ...product, ...quantity }, r.chance(0.8))
      if (r.chance(0.2))
        add(at + r.pick([0, 60, 61]) * MINUTE, 'track', 'Order Completed', { order_id: 'o-c' })
      at += r.pick([0, 59, 60, 61, 120]) * MINUTE
    }
  }
  const lastActive = EDGE_AS_OF - r.pick([334, 335, 336, 365, 366, 500]) * DAY
  add(lastActive, 'identify')
  add(lastActive - r.pick([335, 365, 366]) * DAY, 'track', 'Signed In')
  if (r.chance(0.5))
    add(lastActive + r.int(1, 300) * DAY, 'track', r.pick(['Shipment Updated', 'Order Refunded']))
  if (r.chance(0.5)) add(lastActive + r.int(1, 300) * DAY, 'page', undefined, {}, false)
  for (let reviews = r.int(0, 2); reviews > 0; reviews--) {
    const rating = r.pick([1, 2, 2.5, 3, '2', '2.0', ' 2', '3', 'bad'])
    add(someTime(), 'track', 'Product Reviewed', {
      rating,
      ...r.pick([{ review_id: 'v-1' }, { review_id: 'v-2' }, {}]),
    })
  }
  // The rules read nothing after asOf.
  add(EDGE_AS_OF + MINUTE, 'track', 'Order Completed', { order_id: 'o-late' })
  add(EDGE_AS_OF + MINUTE, 'track', 'Product Added', { cart_id: 'c-late' })
}

/** Writes messages straight into the event log, as ingestion would store them after identity resolution. */
async function storeEdgeEvents(pool: pg.Pool, events: readonly EdgeEvent[]): Promise<void> {
  const rows = events.map(({ customerId, message: m }, ord) => ({
    ord,
    message_id: m.messageId,
    customer_id: customerId,
    user_id: m.userId ?? null,
    anonymous_id: m.anonymousId,
    type: m.type,
    event: m.type === 'track' ? m.event : null,
    occurred_at: m.timestamp,
    properties: m.properties,
  }))
  await pool.query(
    `insert into events (message_id, customer_id, user_id, anonymous_id, type, event, occurred_at,
                         received_at, source, properties, traits, context)
     select message_id, customer_id, user_id, anonymous_id, type, event, occurred_at, occurred_at, 'edge-test',
            properties, '{}', '{}'
     from jsonb_to_recordset($1::jsonb) as m(ord int, message_id text, customer_id text, user_id text,
       anonymous_id text, type text, event text, occurred_at timestamptz, properties jsonb)
     order by ord`,
    [JSON.stringify(rows)],
  )
}

describe('the SQL reference radar on edge-case histories', { skip: postgres.skip }, () => {
  let database: Awaited<ReturnType<typeof freshReel>> | undefined
  const oracle = new Map<string, TruthEntry[]>()
  let found: SqlRadarRow[]

  before(async () => {
    database = await freshReel(EDGE_AS_OF)
    const events = edgeHistories(11, 600)
    await storeEdgeEvents(database.reel.database.pool, events)
    const histories = new Map<string, CustomerEvent[]>()
    for (const { customerId, message } of events) {
      const event = toCustomerEvent(message)
      if (customerId.startsWith('anon:') || !event) continue
      histories.set(customerId, [...(histories.get(customerId) ?? []), event])
    }
    for (const [customerId, history] of histories) {
      for (const o of missedCustomer(customerId, history, EDGE_AS_OF))
        oracle.set(o.kind, [...(oracle.get(o.kind) ?? []), { customerId, key: o.key, at: o.at }])
    }
    // A session in a time zone with daylight saving: a day is not always 24 h there, the rules' days are.
    const client = await database.reel.database.pool.connect()
    try {
      await client.query(`set time zone 'America/New_York'`)
      found = (await runSqlRadar(client, new Date(EDGE_AS_OF))).rows
    } finally {
      client.release()
    }
  })

  after(async () => {
    await database?.drop()
  })

  for (const kind of KINDS) {
    test(`agrees with the oracle on ${kind} at every boundary`, () => {
      const expected = oracle.get(kind) ?? []
      assert.ok(expected.length > 0, `the edge histories have no ${kind}`)
      assert.deepEqual(sorted(ofKind(found, kind)), sorted(expected))
    })
  }
})

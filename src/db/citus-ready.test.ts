/**
 * Holds the schema to docs/scaling.md, the plan for running Reel on Citus. The doc's table of placements
 * is parsed here, so a new table, a table that loses its distribution column, or a key that stops including
 * it fails this test until the doc says what happens to it on Citus. Citus itself is not needed: the rules
 * checked (keys must include the distribution column, which foreign keys may exist) are read from the
 * catalog of a freshly migrated embedded database.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import type { Reel } from '../app.js'
import type { RawMessage } from '../events/index.js'
import { buildHttp } from '../http/server.js'
import { bearer, engines } from '../test-support/engines.js'

type Placement = 'distributed' | 'reference' | 'local'

interface Planned {
  placement: Placement
  /** The distribution column of a distributed table. */
  by: string | null
  /** Keys without the distribution column, as today's column list (`fk (a)` for a foreign key) → Citus's. */
  changes: Map<string, string>
}

const DOC = new URL('../../docs/scaling.md', import.meta.url)

/** The rows of the doc's "Where each table goes" table, by table name. */
function readPlan(): Map<string, Planned> {
  const text = readFileSync(DOC, 'utf8')
  const section = text.split('## Where each table goes')[1]?.split('\n## ')[0]
  assert.ok(section, 'docs/scaling.md has a section "## Where each table goes"')
  const plan = new Map<string, Planned>()
  for (const line of section.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    const name = /^`(\w+)`$/.exec(cells[0] ?? '')?.[1]
    if (!name) continue
    const placement = cells[1] as Placement
    assert.ok(['distributed', 'reference', 'local'].includes(placement), `${name}: placement ${cells[1]}`)
    const by = /^`(\w+)`$/.exec(cells[2] ?? '')?.[1] ?? null
    const changes = new Map<string, string>()
    for (const m of (cells[3] ?? '').matchAll(/`((?:fk )?\([^)]*\))` → `((?:fk )?\([^)]*\))`/g))
      changes.set(m[1] as string, m[2] as string)
    assert.ok(!plan.has(name), `${name} is listed once`)
    plan.set(name, { placement, by, changes })
  }
  return plan
}

/** `(a, b)` or `fk (a, b)` from a key's columns. */
const keyText = (columns: readonly string[], fk = false) => `${fk ? 'fk ' : ''}(${columns.join(', ')})`

/** Every hot statement must name customer_id where Citus routes on it (see the third test). */
const FILTERS_ON_CUSTOMER = /"?customer_id"?\s*(=|in\s*\(|=\s*any\s*\()/i

describe('the schema is ready for Citus as docs/scaling.md plans', () => {
  let reel: Reel | undefined
  let app: FastifyInstance | undefined
  const plan = readPlan()
  const hot = [...plan].filter(([, p]) => p.by === 'customer_id').map(([name]) => name)
  const shop = () => {
    if (!reel || !app) throw new Error('the shop is used before it started')
    return { reel, app }
  }

  before(async () => {
    // The embedded engine: the catalog and the SQL sent are the same on a PostgreSQL server.
    const embedded = engines.find((e) => e.name === 'embedded')
    if (!embedded) throw new Error('the embedded engine is missing from test-support/engines')
    reel = await embedded.start()
    app = await buildHttp(reel, { logger: false })
  })
  after(async () => {
    await app?.close()
    await reel?.close()
  })

  test('every table of the schema is placed in the doc, and the doc names no table the schema lacks', async () => {
    const tables = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`.execute(shop().reel.database.db)
    const inSchema = tables.rows.map((r) => r.name)
    assert.deepEqual(
      inSchema.filter((t) => !plan.has(t)),
      [],
      'tables to place in docs/scaling.md',
    )
    assert.deepEqual(
      [...plan.keys()].filter((t) => !inSchema.includes(t)).sort(),
      [],
      'tables the doc places but the schema no longer has',
    )
    assert.ok(hot.includes('customers') && hot.includes('events'), 'the customer tables are distributed')
  })

  test('distributed tables have their distribution column, and exactly the listed keys lack it', async () => {
    const db = shop().reel.database.db
    const columns = await sql<{ table: string; column: string; nullable: boolean }>`
      select table_name as table, column_name as column, is_nullable = 'YES' as nullable
      from information_schema.columns where table_schema = 'public'`.execute(db)
    // Primary keys, unique constraints and unique indexes (each is a unique index, and a key to Citus), and
    // foreign keys with the table they point at; expression indexes have a 0 in indkey and name no column.
    const keys = await sql<{ table: string; kind: 'key' | 'fk'; columns: string[]; target: string | null }>`
      select c.relname as table, 'key' as kind, array(
          select a.attname from unnest(i.indkey) with ordinality as k(attnum, ord)
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.ord
        )::text[] as columns, null as target
      from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and i.indisunique
      union all
      select c.relname, 'fk', array(
          select a.attname from unnest(k.conkey) with ordinality as u(attnum, ord)
          join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.ord
        )::text[], t.relname::text
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class t on t.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and k.contype = 'f'`.execute(db)

    for (const [table, planned] of plan) {
      const tableKeys = keys.rows.filter((k) => k.table === table)
      for (const fk of tableKeys.filter((k) => k.kind === 'fk')) {
        // Citus allows foreign keys local → local, reference → reference, distributed → reference, and
        // between co-located distributed tables when both sides include the distribution column.
        const target = plan.get(fk.target ?? '')
        const allowed =
          target?.placement === planned.placement
            ? planned.placement !== 'distributed' || target.by === planned.by
            : planned.placement === 'distributed' && target?.placement === 'reference'
        assert.ok(allowed, `${table} → ${fk.target}: a foreign key Citus does not allow`)
      }
      if (planned.placement !== 'distributed') {
        assert.equal(planned.changes.size, 0, `${table} is not distributed: no keys to change`)
        continue
      }
      const by = planned.by
      assert.ok(by, `${table}: the doc names its distribution column`)
      const column = columns.rows.find((c) => c.table === table && c.column === by)
      assert.ok(column, `${table} has its distribution column ${by}`)
      assert.equal(column.nullable, false, `${table}.${by} is not null (a distribution value cannot be null)`)
      const lacking = tableKeys
        .filter((k) => !k.columns.includes(by))
        .filter((k) => k.kind === 'key' || plan.get(k.target ?? '')?.placement === 'distributed')
        .map((k) => keyText(k.columns, k.kind === 'fk'))
      assert.deepEqual(
        lacking.sort(),
        [...planned.changes.keys()].sort(),
        `${table}: keys without ${by} must be exactly those docs/scaling.md changes`,
      )
      for (const [today, onCitus] of planned.changes) {
        const columnsOf = (key: string) => (/\(([^)]*)\)/.exec(key)?.[1] ?? '').split(', ')
        assert.ok(columnsOf(onCitus).includes(by), `${table}: ${onCitus} includes ${by}`)
        for (const c of columnsOf(today))
          assert.ok(columnsOf(onCitus).includes(c), `${table}: ${onCitus} keeps ${c}`)
      }
    }
  })

  // The SQL is captured as sent: pg.Client.prototype.query sees every statement Kysely and raw `sql` send
  // through the pool, so this checks what the customer page and the projectors really run, not a copy of
  // it. No projector worker or timer runs in this process (the test calls catchUp itself), so what is
  // captured while a flag is up is the step's own SQL.
  test('the customer page and the projection upserts address the customer tables by customer_id', async () => {
    const { reel, app } = shop()
    const at = '2026-01-01T00:00:00.000Z'
    const messages: RawMessage[] = [
      {
        type: 'identify',
        userId: 'c1',
        anonymousId: 'a1',
        messageId: 'm0',
        timestamp: at,
        traits: { email: 'c1@shop.kr' },
      },
      { type: 'page', userId: 'c1', messageId: 'm1', timestamp: at, name: 'Home' },
      {
        type: 'track',
        event: 'Product Added',
        userId: 'c1',
        messageId: 'm2',
        timestamp: at,
        properties: { cart_id: 'k1', product_id: 'p1', price: 10, quantity: 1 },
      },
      {
        type: 'track',
        event: 'Order Completed',
        userId: 'c1',
        messageId: 'm3',
        timestamp: at,
        properties: {
          order_id: 'o1',
          cart_id: 'k1',
          total: 10,
          currency: 'KRW',
          products: [{ product_id: 'p1', price: 10, quantity: 1, category: 'tea' }],
        },
      },
    ]
    const sent: string[] = []
    let capturing = false
    const query = pg.Client.prototype.query
    const patched = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string }
      if (capturing) sent.push(typeof first === 'string' ? first : (first.text ?? ''))
      return (query as (...a: unknown[]) => unknown).apply(this, args)
    }
    pg.Client.prototype.query = patched as typeof query
    let projection: string[] = []
    let page: string[] = []
    try {
      await reel.ingestor.ingest(messages, { settle: false })
      capturing = true
      await reel.projector.catchUp()
      projection = sent.splice(0)
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/customers/c1',
        headers: { authorization: bearer() },
      })
      page = sent.splice(0)
      capturing = false
      assert.equal(response.statusCode, 200, response.body)
    } finally {
      capturing = false
      pg.Client.prototype.query = query
    }
    const flat = (s: string) => s.replace(/\s+/g, ' ').trim()
    const touches = (statement: string, table: string) =>
      new RegExp(`\\b(from|join|into|update)\\s+"?${table}"?(\\s|$|\\()`, 'i').test(statement)

    const pageHot = page.map(flat).filter((s) => hot.some((t) => touches(s, t)))
    assert.ok(
      pageHot.length >= 5,
      `the customer page reads the customer tables: ${pageHot.length} statements`,
    )
    for (const statement of pageHot)
      assert.match(
        statement,
        FILTERS_ON_CUSTOMER,
        `a customer page read that visits every shard: ${statement}`,
      )

    const upserts = projection
      .map(flat)
      .map((s) => ({ s, table: /^insert into "?(\w+)"?\s*\(([^)]*)\)/i.exec(s) }))
      .filter((u) => u.table && hot.includes(u.table[1] as string))
    const upserted = new Set(upserts.map((u) => u.table?.[1]))
    for (const t of ['customers', 'orders', 'carts', 'radar_customers'])
      assert.ok(upserted.has(t), `the projectors upserted ${t}`)
    for (const { s, table } of upserts) {
      const name = table?.[1] as string
      // Citus routes each inserted row by its distribution value: the insert must carry it.
      assert.ok(
        (table?.[2] ?? '').split(',').some((c) => c.trim().replace(/"/g, '') === 'customer_id'),
        `an upsert into ${name} without customer_id: ${s}`,
      )
      // The conflict target is a key; on Citus it must include customer_id, or be one the doc changes.
      const target = /on conflict \(([^)]*)\)/i.exec(s)?.[1]
      if (target && !target.split(',').some((c) => c.trim() === 'customer_id'))
        assert.ok(
          plan.get(name)?.changes.has(keyText(target.split(',').map((c) => c.trim()))),
          `${name}: on conflict (${target}) is no key on Citus, and docs/scaling.md does not change it`,
        )
    }
  })
})

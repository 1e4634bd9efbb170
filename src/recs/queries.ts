import { sql } from 'kysely'
import { productsByIds } from '../catalog/index.js'
import type { AnyDb } from '../db/index.js'
import { NEIGHBOUR_LIMIT } from './basket-model.js'
import { POPULARITY_HALF_LIFE_DAYS, POPULARITY_WINDOW_DAYS } from './evaluate.js'
import type {
  Basket,
  ComplementRule,
  ItemNeighbours,
  ProductFacts,
  RecsInput,
  WeightedItem,
} from './types.js'

/** Baskets of the history whose products lend their neighbours (the scorer reads fewer: sourceBaskets). */
const NEIGHBOUR_BASKETS = 10
const POPULAR_COUNT = 200
const POPULAR_PER_CATEGORY = 50

/** A product as a shop shows it. */
export interface ShownProduct {
  name: string | null
  category: string | null
  price: number | null
  url: string | null
  imageUrl: string | null
  available: boolean
}

export async function customerBaskets(db: AnyDb, customerId: string): Promise<Basket[]> {
  const { rows } = await sql<{ at: Date; items: string[] }>`
    select at, items from recs_baskets where customer_id = ${customerId} order by at, order_id`.execute(db)
  return rows.map((r) => ({ at: r.at.getTime(), items: r.items }))
}

export async function readRules(db: AnyDb): Promise<ComplementRule[]> {
  const { rows } = await sql<{ from_category: string; to_category: string }>`
    select from_category, to_category from recs_rules order by position`.execute(db)
  return rows.map((r) => ({ fromCategory: r.from_category, toCategory: r.to_category }))
}

export async function replaceRules(db: AnyDb, rules: readonly ComplementRule[]): Promise<void> {
  await sql`delete from recs_rules`.execute(db)
  if (rules.length === 0) return
  const rows = rules.map((r, position) => ({
    position,
    from_category: r.fromCategory,
    to_category: r.toCategory,
  }))
  await sql`insert into recs_rules (position, from_category, to_category)
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(position int, from_category text, to_category text)`.execute(
    db,
  )
}

async function neighboursOf(db: AnyDb, items: readonly string[]): Promise<Map<string, ItemNeighbours>> {
  if (items.length === 0) return new Map()
  const [pairs, counts] = await Promise.all([
    sql<{ item_a: string; item_b: string; together: number; next: number }>`
      select item_a, item_b, together, next from (
        select p.*, row_number() over (partition by item_a order by together + next desc, item_b) as rank
        from recs_pairs p where item_a = any(${items}::text[])) ranked
      where rank <= ${NEIGHBOUR_LIMIT}`.execute(db),
    sql<{ item_id: string; baskets: number; followed: number }>`
      select item_id, baskets, followed from recs_items where item_id = any(${items}::text[])`.execute(db),
  ])
  const result = new Map<
    string,
    ItemNeighbours & { together: Map<string, number>; next: Map<string, number> }
  >()
  for (const c of counts.rows)
    result.set(c.item_id, { baskets: c.baskets, followed: c.followed, together: new Map(), next: new Map() })
  for (const p of pairs.rows) {
    const nb = result.get(p.item_a)
    if (!nb) continue
    if (p.together > 0) nb.together.set(p.item_b, p.together)
    if (p.next > 0) nb.next.set(p.item_b, p.next)
  }
  return result
}

/** Recent bestsellers: weekly counts halved every 4 weeks over the last 26, shop-wide or per category. */
async function popularity(
  db: AnyDb,
  now: number,
  categories: readonly string[] | null,
): Promise<Map<string, WeightedItem[]>> {
  const since = new Date(now - POPULARITY_WINDOW_DAYS * 86_400_000)
  const at = new Date(now)
  const { rows } =
    categories === null
      ? await sql<{ category: string; item_id: string; weight: number }>`
          select '' as category, item_id, sum(baskets * power(0.5, extract(epoch from (${at}::timestamptz - week::timestamptz)) / 86400 / ${POPULARITY_HALF_LIFE_DAYS}::float8)) as weight
          from recs_item_weeks where week >= ${since}::date and week <= ${at}::date
          group by item_id order by weight desc, item_id limit ${POPULAR_COUNT}`.execute(db)
      : await sql<{ category: string; item_id: string; weight: number }>`
          select category, item_id, weight from (
            select category, item_id, weight, row_number() over (partition by category order by weight desc, item_id) as rank
            from (select category, item_id, sum(baskets * power(0.5, extract(epoch from (${at}::timestamptz - week::timestamptz)) / 86400 / ${POPULARITY_HALF_LIFE_DAYS}::float8)) as weight
              from recs_item_weeks where category = any(${categories}::text[]) and week >= ${since}::date and week <= ${at}::date
              group by category, item_id) w) ranked
          where rank <= ${POPULAR_PER_CATEGORY}`.execute(db)
  const byCategory = new Map<string, WeightedItem[]>()
  for (const r of rows) {
    const list = byCategory.get(r.category) ?? []
    list.push({ item: r.item_id, weight: Number(r.weight) })
    byCategory.set(r.category, list)
  }
  return byCategory
}

export interface GatherRequest {
  history: Basket[]
  context?: string[]
  now: number
  rules: ComplementRule[]
}

/** Everything `recommend` needs for this history, read in a handful of indexed queries. */
export async function gatherRecsInput(
  db: AnyDb,
  request: GatherRequest,
): Promise<{ input: RecsInput; shown: Map<string, ShownProduct> }> {
  const { history, context, now, rules } = request
  const sources = [
    ...new Set([...history.slice(-NEIGHBOUR_BASKETS).flatMap((b) => b.items), ...(context ?? [])]),
  ]
  const [neighbours, popular, ownFacts] = await Promise.all([
    neighboursOf(db, sources),
    popularity(db, now, null),
    productsByIds(db, [...new Set([...history.flatMap((b) => b.items), ...(context ?? [])])]),
  ])
  const ownCategories = ownFacts.flatMap((p) => (p.category ? [p.category] : []))
  const categoryNext = new Map<string, Map<string, number>>()
  if (ownCategories.length > 0) {
    const { rows } = await sql<{ category_a: string; category_b: string; times: number }>`
      select category_a, category_b, times from recs_category_next where category_a = any(${ownCategories}::text[])`.execute(
      db,
    )
    for (const r of rows) {
      const m = categoryNext.get(r.category_a) ?? new Map<string, number>()
      m.set(r.category_b, r.times)
      categoryNext.set(r.category_a, m)
    }
  }
  const wanted = new Set([
    ...ownCategories,
    ...rules.map((r) => r.toCategory),
    ...[...categoryNext.values()].flatMap((m) => [...m.keys()]),
  ])
  const popularIn =
    wanted.size > 0 ? await popularity(db, now, [...wanted]) : new Map<string, WeightedItem[]>()
  const candidates = new Set<string>(sources)
  for (const nb of neighbours.values())
    for (const id of [...nb.together.keys(), ...nb.next.keys()]) candidates.add(id)
  for (const list of [popular.get('') ?? [], ...popularIn.values()])
    for (const { item } of list) candidates.add(item)
  for (const b of history) for (const id of b.items) candidates.add(id)
  const ids = [...candidates]
  const [facts, counts, totals] = await Promise.all([
    productsByIds(db, ids),
    sql<{ item_id: string; baskets: number; reorder_gaps: number; reorder_seconds: string }>`
      select item_id, baskets, reorder_gaps, reorder_seconds from recs_items where item_id = any(${ids}::text[])`.execute(
      db,
    ),
    sql<{ n: string }>`select count(*) as n from recs_baskets`.execute(db),
  ])
  const products = new Map<string, ProductFacts>()
  const shown = new Map<string, ShownProduct>()
  for (const p of facts) {
    const available = p.archived !== true && p.in_stock !== false
    products.set(p.product_id, { category: p.category, available })
    shown.set(p.product_id, {
      name: p.name,
      category: p.category,
      price: p.price === null ? null : Number(p.price),
      url: p.url,
      imageUrl: p.image_url,
      available,
    })
  }
  const basketsOf = new Map<string, number>()
  const reorderDays = new Map<string, number>()
  for (const c of counts.rows) {
    basketsOf.set(c.item_id, c.baskets)
    if (c.reorder_gaps > 0) reorderDays.set(c.item_id, Number(c.reorder_seconds) / 86_400 / c.reorder_gaps)
  }
  return {
    input: {
      history,
      context,
      now,
      totalBaskets: Number(totals.rows[0]?.n ?? 0),
      neighbours,
      basketsOf,
      categoryNext,
      popular: popular.get('') ?? [],
      popularIn,
      reorderDays,
      rules,
      products,
    },
    shown,
  }
}

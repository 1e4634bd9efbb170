/**
 * What a change to a customer's counted orders does to the recommender's counts, as a difference: every
 * count (src/recs/migrations.ts) is a sum over orders and over consecutive pairs of one customer's orders,
 * so an order completed, cancelled, placed late between two others or merged from an anonymous visitor
 * changes only the terms that name it. Pure; the projection reads the before and after and applies this.
 */
import { MAX_PAIRED_ITEMS } from './basket-model.js'

const DAY_MS = 86_400_000

/** A counted order: completed, not wholly cancelled, its distinct products with their categories. */
export interface CountedBasket {
  orderId: string
  at: number
  items: readonly string[]
  /** The category of each item (same positions), '' when the catalogue has none. */
  categories: readonly string[]
}

export interface ItemDelta {
  baskets: number
  followed: number
  reorderGaps: number
  /** Whole seconds between the two orders of each gap, summed (integers, so any order of sums is exact). */
  reorderSeconds: number
}

export interface ModelDelta {
  items: Map<string, ItemDelta>
  /** Keyed by `a\0b`. */
  pairs: Map<string, { a: string; b: string; together: number; next: number }>
  categoryNext: Map<string, { a: string; b: string; times: number }>
  /** Keyed by `week\0item\0category`: the order's Monday (UTC), the item and its category then. */
  weeks: Map<string, { week: string; item: string; category: string; baskets: number }>
}

export function emptyDelta(): ModelDelta {
  return { items: new Map(), pairs: new Map(), categoryNext: new Map(), weeks: new Map() }
}

/** The Monday (UTC) of the week holding `at`, as YYYY-MM-DD. */
export function weekOf(at: number): string {
  const day = new Date(at)
  const monday =
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - ((day.getUTCDay() + 6) % 7) * DAY_MS
  return new Date(monday).toISOString().slice(0, 10)
}

function item(delta: ModelDelta, id: string): ItemDelta {
  let d = delta.items.get(id)
  if (!d) {
    d = { baskets: 0, followed: 0, reorderGaps: 0, reorderSeconds: 0 }
    delta.items.set(id, d)
  }
  return d
}

function pair(delta: ModelDelta, a: string, b: string) {
  const key = `${a}\0${b}`
  let d = delta.pairs.get(key)
  if (!d) {
    d = { a, b, together: 0, next: 0 }
    delta.pairs.set(key, d)
  }
  return d
}

function countBasket(delta: ModelDelta, basket: CountedBasket, sign: number): void {
  const week = weekOf(basket.at)
  basket.items.forEach((id, i) => {
    item(delta, id).baskets += sign
    const category = basket.categories[i] ?? ''
    const key = `${week}\0${id}\0${category}`
    const w = delta.weeks.get(key) ?? { week, item: id, category, baskets: 0 }
    w.baskets += sign
    delta.weeks.set(key, w)
  })
  const paired = basket.items.slice(0, MAX_PAIRED_ITEMS)
  for (const a of paired) for (const b of paired) if (a !== b) pair(delta, a, b).together += sign
}

function countTransition(delta: ModelDelta, from: CountedBasket, to: CountedBasket, sign: number): void {
  const paired = from.items.slice(0, MAX_PAIRED_ITEMS)
  const following = to.items.slice(0, MAX_PAIRED_ITEMS)
  for (const a of paired) {
    item(delta, a).followed += sign
    for (const b of following) pair(delta, a, b).next += sign
  }
  const fromCategories = new Set(from.categories.filter((c) => c !== ''))
  const toCategories = new Set(to.categories.filter((c) => c !== ''))
  for (const a of fromCategories)
    for (const b of toCategories) {
      const key = `${a}\0${b}`
      const d = delta.categoryNext.get(key) ?? { a, b, times: 0 }
      d.times += sign
      delta.categoryNext.set(key, d)
    }
}

function inOrder(baskets: readonly CountedBasket[]): CountedBasket[] {
  return [...baskets].sort(
    (x, y) => x.at - y.at || (x.orderId < y.orderId ? -1 : x.orderId > y.orderId ? 1 : 0),
  )
}

function sameBasket(x: CountedBasket, y: CountedBasket): boolean {
  return (
    x.at === y.at &&
    x.items.length === y.items.length &&
    x.items.every((id, i) => id === y.items[i] && x.categories[i] === y.categories[i])
  )
}

/** Gaps between consecutive orders of the item: how many and their days summed. */
function reorderGaps(ordered: readonly CountedBasket[], id: string): { gaps: number; seconds: number } {
  let last: number | null = null
  let gaps = 0
  let seconds = 0
  for (const basket of ordered) {
    if (!basket.items.includes(id)) continue
    if (last !== null) {
      gaps++
      seconds += Math.round((basket.at - last) / 1000)
    }
    last = basket.at
  }
  return { gaps, seconds }
}

/** Adds to `delta` what turning one customer's counted orders `before` into `after` changes. */
export function addCustomerDelta(
  delta: ModelDelta,
  before: readonly CountedBasket[],
  after: readonly CountedBasket[],
): void {
  const was = inOrder(before)
  const now = inOrder(after)
  const wasById = new Map(was.map((b) => [b.orderId, b]))
  const unchanged = new Set(
    now.filter((b) => wasById.has(b.orderId) && sameBasket(wasById.get(b.orderId)!, b)).map((b) => b.orderId),
  )
  const touchedItems = new Set<string>()
  for (const b of was)
    if (!unchanged.has(b.orderId)) {
      countBasket(delta, b, -1)
      for (const id of b.items) touchedItems.add(id)
    }
  for (const b of now)
    if (!unchanged.has(b.orderId)) {
      countBasket(delta, b, +1)
      for (const id of b.items) touchedItems.add(id)
    }

  const transitions = (ordered: CountedBasket[]) =>
    ordered.slice(1).map((to, i) => ({ from: ordered[i]!, to, key: `${ordered[i]!.orderId}\0${to.orderId}` }))
  const kept = (t: { from: CountedBasket; to: CountedBasket }) =>
    unchanged.has(t.from.orderId) && unchanged.has(t.to.orderId)
  const wasTransitions = transitions(was)
  const nowTransitions = transitions(now)
  const nowKeys = new Set(nowTransitions.filter(kept).map((t) => t.key))
  const wasKeys = new Set(wasTransitions.filter(kept).map((t) => t.key))
  for (const t of wasTransitions)
    if (!(kept(t) && nowKeys.has(t.key))) countTransition(delta, t.from, t.to, -1)
  for (const t of nowTransitions)
    if (!(kept(t) && wasKeys.has(t.key))) countTransition(delta, t.from, t.to, +1)

  // A reorder gap joins two orders of an item, possibly far apart: recounted for the items of changed orders.
  for (const id of touchedItems) {
    const old = reorderGaps(was, id)
    const fresh = reorderGaps(now, id)
    if (old.gaps === fresh.gaps && old.seconds === fresh.seconds) continue
    const d = item(delta, id)
    d.reorderGaps += fresh.gaps - old.gaps
    d.reorderSeconds += fresh.seconds - old.seconds
  }
}

/** Whether a delta changes nothing (every count's difference is zero). */
export function isEmptyDelta(delta: ModelDelta): boolean {
  for (const d of delta.items.values())
    if (d.baskets || d.followed || d.reorderGaps || d.reorderSeconds) return false
  for (const d of delta.pairs.values()) if (d.together || d.next) return false
  for (const d of delta.categoryNext.values()) if (d.times) return false
  for (const d of delta.weeks.values()) if (d.baskets) return false
  return true
}

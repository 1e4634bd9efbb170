import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { Arm } from './holdout.js'
import { type BuyerSegment, buyerSegment, triggerKindOf } from './report-segments.js'

/** What the report reads from the orders and coupons modules (their public functions, wired by the app). */
export interface ReportReaders {
  /** Each completed order in customer windows (the orders module's `completedOrdersInWindows`). */
  completedOrdersInWindows(
    db: AnyDb,
    windows: ReadonlyArray<{ key: string; customerId: string; from: Date; to: Date }>,
  ): Promise<
    Array<{ key: string; orderId: string; completedAt: Date; value: number; currency: string | null }>
  >
  /** Orders and their value per customer window (the orders module's `ordersInWindows`). */
  ordersInWindows(
    db: AnyDb,
    windows: ReadonlyArray<{ key: string; customerId: string; from: Date; to: Date }>,
  ): Promise<Array<{ key: string; orders: number; value: number; currency: string | null }>>
  /** What redeemed coupons took off, and on which order (the coupons module's `redeemedDiscounts`). */
  redeemedDiscounts(
    db: AnyDb,
    couponIds: readonly string[],
  ): Promise<Array<{ couponId: string; orderId: string; discount: number; redeemedAt: Date }>>
}

/** What the report counts money in, and what a message costs. */
export interface ReportMoney {
  /** The campaign's one currency: orders without one count in it, orders in another are left out. */
  currency: string | null
  /** What one message costs per channel, in that currency (REEL_MESSAGE_COST_*). */
  messageCost: Readonly<Record<string, number>>
}

/** An order in a customer's goal window, with the discount the campaign's coupon gave on it. */
export interface UnitOrder {
  at: Date
  /** Before the campaign's coupon: what was paid plus `discount`. */
  value: number
  discount: number
}

/**
 * One exposed enrolment as the report measures it: the stats module's ExperimentUnit (arm, orders, revenue,
 * discount, message cost, pre-period spend) with what the breakdowns and the daily path need.
 */
export interface ReportUnit {
  arm: Arm
  orders: number
  /** The goal window's orders at their value before the campaign's coupon (what was paid + its discount). */
  revenue: number
  discount: number
  messageCost: number
  /** Spend in the 90 days before exposure: the CUPED covariate. */
  preSpend: number
  customerId: string
  exposedAt: Date
  /** `signal cart_abandoned`, `event Order Completed`, `segment`. */
  trigger: string
  buyer: BuyerSegment
  /** Everything the customer spent before exposure (their spend band). */
  priorSpend: number
  /** The goal window's orders in time order (one in another currency with no value or discount). */
  timeline: UnitOrder[]
  /** Orders in the goal window in another currency: counted in `orders`, left out of the money. */
  otherCurrencyOrders: number
}

export const PRE_PERIOD_MS = 90 * 86_400_000
/** Outcomes of a send that cost a message: queued and failed ones are on their way (failed is retried). */
export const PAID_OUTCOMES = ['queued', 'sent', 'failed']

interface EnrolmentPageRow {
  id: string
  customer_id: string
  arm: Arm
  first_exposed_at: Date
  trigger_key: string
  coupon_id: string | null
  signal_kind: string | null
  event_name: string | null
}

/**
 * A campaign's exposed enrolments as report units, a page at a time (by enrolment id). Each page costs five
 * statements whatever its size: the enrolments, the goal windows' orders, the customers' history before
 * exposure (all of it, and the last 90 days), the coupons' discounts and the messages sent.
 */
export async function* exposedUnits(
  db: AnyDb,
  campaign: { id: string; goalDays: number },
  now: Date,
  readers: ReportReaders,
  money: ReportMoney,
  pageSize = 5000,
): AsyncGenerator<ReportUnit[]> {
  const goalMs = campaign.goalDays * 86_400_000
  const inCurrency = (currency: string | null) =>
    currency === null || money.currency === null || currency === money.currency
  let after = 0
  for (;;) {
    const page = await sql<EnrolmentPageRow>`
      select id, customer_id, arm, first_exposed_at, trigger_key, context->>'couponId' as coupon_id,
        context->>'signalKind' as signal_kind, context->>'eventName' as event_name
      from campaign_enrolments
      where campaign_id = ${campaign.id} and first_exposed_at is not null and id > ${after}
      order by id limit ${pageSize}`.execute(db)
    const rows = page.rows
    if (rows.length === 0) return
    const ids = rows.map((r) => Number(r.id))
    const window = (r: EnrolmentPageRow, key: string, from: number, to: number) => ({
      key: `${r.id}:${key}`,
      customerId: r.customer_id,
      from: new Date(from),
      to: new Date(to),
    })
    const [goalOrders, history, discounts, messages] = await Promise.all([
      readers.completedOrdersInWindows(
        db,
        rows.map((r) => {
          const at = r.first_exposed_at.getTime()
          return window(r, 'goal', at, Math.min(at + goalMs, now.getTime()))
        }),
      ),
      readers.ordersInWindows(
        db,
        rows.flatMap((r) => {
          const at = r.first_exposed_at.getTime()
          return [window(r, 'ever', 0, at), window(r, 'pre', at - PRE_PERIOD_MS, at)]
        }),
      ),
      readers.redeemedDiscounts(
        db,
        rows.flatMap((r) => (r.coupon_id ? [r.coupon_id] : [])),
      ),
      sql<{ enrolment_id: string; channel: string | null; n: number }>`
        select enrolment_id, channel, count(*)::int as n from campaign_exposures
        where enrolment_id = any(${ids}::bigint[]) and outcome = any(${PAID_OUTCOMES}::text[])
        group by 1, 2`.execute(db),
    ])
    const discountOn = new Map(discounts.map((d) => [d.orderId, d]))
    const couponOf = new Map(discounts.map((d) => [d.couponId, d.orderId]))
    const ordersOf = groupBy(goalOrders, (o) => o.key)
    const historyOf = groupBy(history, (h) => h.key)
    const costOf = new Map<string, number>()
    for (const m of messages.rows)
      costOf.set(
        String(m.enrolment_id),
        (costOf.get(String(m.enrolment_id)) ?? 0) + m.n * (money.messageCost[m.channel ?? ''] ?? 0),
      )
    const spent = (key: string) =>
      (historyOf.get(key) ?? []).filter((h) => inCurrency(h.currency)).reduce((sum, h) => sum + h.value, 0)
    const units = rows.map((r): ReportUnit => {
      const orders = ordersOf.get(`${r.id}:goal`) ?? []
      const coupon = r.coupon_id ? couponOf.get(r.coupon_id) : undefined
      const timeline = orders.map((o) => {
        // An order in another currency counts as an order, not as money.
        const counted = inCurrency(o.currency)
        // Only this enrolment's own coupon, on an order of its own goal window.
        const discount = counted && coupon === o.orderId ? (discountOn.get(o.orderId)?.discount ?? 0) : 0
        // The value before that coupon (an order's total is what was paid, after it), so the report's
        // profit, margin × revenue − discount, counts the discount once, as a cost.
        return { at: o.completedAt, value: counted ? o.value + discount : 0, discount }
      })
      const everOrders = (historyOf.get(`${r.id}:ever`) ?? []).reduce((n, h) => n + h.orders, 0)
      return {
        arm: r.arm,
        orders: orders.length,
        revenue: timeline.reduce((sum, o) => sum + o.value, 0),
        discount: timeline.reduce((sum, o) => sum + o.discount, 0),
        messageCost: costOf.get(String(r.id)) ?? 0,
        preSpend: spent(`${r.id}:pre`),
        customerId: r.customer_id,
        exposedAt: r.first_exposed_at,
        trigger: triggerKindOf(r.trigger_key, { signalKind: r.signal_kind, eventName: r.event_name }),
        buyer: buyerSegment(everOrders),
        priorSpend: spent(`${r.id}:ever`),
        timeline,
        otherCurrencyOrders: orders.filter((o) => !inCurrency(o.currency)).length,
      }
    })
    yield units
    if (rows.length < pageSize) return
    after = ids.at(-1) ?? after
  }
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

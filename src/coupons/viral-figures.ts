import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'

/** Reads what the orders behind redemptions were worth (the orders module's completed orders). */
export type OrderValuesReader = (
  db: AnyDb,
  orderIds: readonly string[],
) => Promise<Array<{ orderId: string; value: number; currency: string | null }>>

export interface Money {
  currency: string | null
  amount: number
}

/** How gifting spreads, for one slice (all, a coupon kind, a month, or a kind in a month). */
export interface ViralFigures {
  giftsSent: number
  claimed: number
  declined: number
  cancelled: number
  expired: number
  pending: number
  /** Members who sent at least one gift. */
  givers: number
  /** Receivers who became members through a gift. */
  signUps: number
  /** New members per gifting member (sign-ups ÷ givers); null with no giver. */
  kFactor: number | null
  /** Orders that used a coupon received as a gift. */
  giftedOrders: number
  /** What those orders were worth, per currency. */
  revenue: Money[]
  /** The discount those coupons gave, per currency. */
  discount: Money[]
}

export interface ViralReport {
  from: string
  to: string
  total: ViralFigures
  byKind: Array<{ kind: string } & ViralFigures>
  byMonth: Array<{ month: string } & ViralFigures>
  byKindAndMonth: Array<{ kind: string; month: string } & ViralFigures>
}

interface GiftCounts {
  kind: string | null
  month: string | null
  sent: number
  claimed: number
  declined: number
  cancelled: number
  expired: number
  pending: number
  givers: number
  sign_ups: number
}

interface GiftedRedemption {
  kind: string
  month: string
  order_id: string
  order_total: number | null
  discount_given: number | null
  currency: string | null
}

function empty(): ViralFigures {
  return {
    giftsSent: 0,
    claimed: 0,
    declined: 0,
    cancelled: 0,
    expired: 0,
    pending: 0,
    givers: 0,
    signUps: 0,
    kFactor: null,
    giftedOrders: 0,
    revenue: [],
    discount: [],
  }
}

function addMoney(list: Money[], currency: string | null, amount: number): void {
  const entry = list.find((m) => m.currency === currency)
  if (entry) entry.amount += amount
  else list.push({ currency, amount })
}

/**
 * Gifts sent in [from, to) and what became of them, by the month they were sent; orders in [from, to)
 * that used a coupon received as a gift, by the month of the order. Months are UTC.
 */
export async function viralFigures(
  db: AnyDb,
  window: { from: Date; to: Date },
  orderValues: OrderValuesReader,
): Promise<ViralReport> {
  const gifts = await sql<GiftCounts>`
    select c.kind, to_char(date_trunc('month', g.created_at, 'UTC'), 'YYYY-MM') as month,
      count(*)::int as sent,
      count(*) filter (where g.state = 'claimed')::int as claimed,
      count(*) filter (where g.state = 'declined')::int as declined,
      count(*) filter (where g.state = 'cancelled')::int as cancelled,
      count(*) filter (where g.state = 'expired')::int as expired,
      count(*) filter (where g.state = 'pending')::int as pending,
      count(distinct g.giver_id)::int as givers,
      count(*) filter (where g.joined_through)::int as sign_ups
    from coupon_gifts g join coupons c on c.id = g.coupon_id
    where g.created_at >= ${window.from} and g.created_at < ${window.to}
    group by grouping sets ((1, 2), (1), (2), ())`.execute(db)
  const redemptions = await sql<GiftedRedemption>`
    select kind, to_char(date_trunc('month', redeemed_at, 'UTC'), 'YYYY-MM') as month, redeemed_order_id as order_id,
      order_total, discount_given, currency
    from coupons
    where hops > 0 and state = 'redeemed' and redeemed_at >= ${window.from} and redeemed_at < ${window.to}`.execute(
    db,
  )
  const values = new Map(
    (
      await orderValues(
        db,
        redemptions.rows.map((r) => r.order_id),
      )
    ).map((v) => [v.orderId, v]),
  )
  const slices = new Map<string, ViralFigures>()
  const slice = (kind: string | null, month: string | null) => {
    const key = `${kind ?? '*'}|${month ?? '*'}`
    let figures = slices.get(key)
    if (!figures) {
      figures = empty()
      slices.set(key, figures)
    }
    return figures
  }
  for (const g of gifts.rows) {
    const f = slice(g.kind, g.month)
    Object.assign(f, {
      giftsSent: g.sent,
      claimed: g.claimed,
      declined: g.declined,
      cancelled: g.cancelled,
      expired: g.expired,
      pending: g.pending,
      givers: g.givers,
      signUps: g.sign_ups,
      kFactor: g.givers === 0 ? null : g.sign_ups / g.givers,
    })
  }
  for (const r of redemptions.rows) {
    // The shop's record of the order is the truth; an order it never sent counts at the total given at redemption.
    const known = values.get(r.order_id)
    const revenue = known ? known.value : Number(r.order_total ?? 0)
    const currency = known?.currency ?? r.currency
    for (const f of [slice(r.kind, r.month), slice(r.kind, null), slice(null, r.month), slice(null, null)]) {
      f.giftedOrders += 1
      addMoney(f.revenue, currency, revenue)
      addMoney(f.discount, currency, Number(r.discount_given ?? 0))
    }
  }
  const list = <T extends object>(pick: (kind: string, month: string) => T | undefined) =>
    [...slices].flatMap(([key, figures]) => {
      const [kind = '*', month = '*'] = key.split('|')
      const label = pick(kind, month)
      return label ? [{ ...label, ...figures }] : []
    })
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    total: slices.get('*|*') ?? empty(),
    byKind: list((kind, month) => (kind !== '*' && month === '*' ? { kind } : undefined)).sort((a, b) =>
      a.kind.localeCompare(b.kind),
    ),
    byMonth: list((kind, month) => (kind === '*' && month !== '*' ? { month } : undefined)).sort((a, b) =>
      a.month.localeCompare(b.month),
    ),
    byKindAndMonth: list((kind, month) => (kind !== '*' && month !== '*' ? { kind, month } : undefined)).sort(
      (a, b) => a.month.localeCompare(b.month) || a.kind.localeCompare(b.kind),
    ),
  }
}

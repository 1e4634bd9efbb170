/**
 * Pure: what an uplift model knows of a customer at a moment (enrolment, or exposure when training): their
 * order history up to then, in logs so that a few big spenders do not dominate a linear model.
 */

export const FEATURE_NAMES = [
  'never_ordered',
  'log_orders',
  'log_spend',
  'log_days_since_last_order',
  'log_days_since_first_order',
  'orders_90d',
  'log_spend_90d',
] as const

const DAY_MS = 86_400_000

/** A completed order before the moment: when, and what it is worth. */
export interface PastOrder {
  at: Date
  value: number
}

/** The features (in FEATURE_NAMES order) of a customer with these orders before `at`. */
export function customerFeatures(orders: readonly PastOrder[], at: Date): number[] {
  const before = orders.filter((o) => o.at.getTime() <= at.getTime())
  const spend = before.reduce((s, o) => s + Math.max(0, o.value), 0)
  const recent = before.filter((o) => at.getTime() - o.at.getTime() <= 90 * DAY_MS)
  const days = (t: number) => Math.max(0, (at.getTime() - t) / DAY_MS)
  const times = before.map((o) => o.at.getTime())
  return [
    before.length === 0 ? 1 : 0,
    Math.log1p(before.length),
    Math.log1p(spend),
    before.length === 0 ? 0 : Math.log1p(days(Math.max(...times))),
    before.length === 0 ? 0 : Math.log1p(days(Math.min(...times))),
    recent.length,
    Math.log1p(recent.reduce((s, o) => s + Math.max(0, o.value), 0)),
  ]
}

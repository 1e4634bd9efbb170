/**
 * Pure: the groups a report breaks a campaign down by. Each is fixed before exposure (what triggered the
 * entry, the customer's order history then), so comparing the arms within a group stays a randomised
 * comparison.
 */

/** Who the customer was at exposure: never ordered, ordered once, ordered twice or more. */
export type BuyerSegment = 'none' | 'new' | 'repeat'
export const BUYER_SEGMENTS: readonly BuyerSegment[] = ['none', 'new', 'repeat']

/** The buyer segment of a customer with this many completed orders before exposure. */
export function buyerSegment(ordersBefore: number): BuyerSegment {
  return ordersBefore <= 0 ? 'none' : ordersBefore === 1 ? 'new' : 'repeat'
}

/**
 * What made an enrolment enter, from its trigger key (`signal:…`, `event:…`, `segment:…`) and the signal
 * kind or event name it recorded: `signal cart_abandoned`, `event Order Completed`, `segment`.
 */
export function triggerKindOf(
  triggerKey: string,
  context: { signalKind: string | null; eventName: string | null },
): string {
  const type = triggerKey.slice(0, Math.max(0, triggerKey.indexOf(':'))) || triggerKey
  if (type === 'signal' && context.signalKind) return `signal ${context.signalKind}`
  if (type === 'event' && context.eventName) return `event ${context.eventName}`
  return type
}

export type SpendBand = 'none' | 'low' | 'middle' | 'high'
export const SPEND_BANDS: readonly SpendBand[] = ['none', 'low', 'middle', 'high']

/** Where the spend bands split: the tertiles of what buyers had spent before exposure. */
export interface SpendBandCuts {
  low: number
  high: number
}

/**
 * The cuts between low, middle and high spenders: the 1/3 and 2/3 quantiles (type 7, R's default) of the
 * spend of customers who had spent anything. Null when nobody had.
 */
export function spendBandCuts(spends: Iterable<number>): SpendBandCuts | null {
  const sorted = [...spends].filter((s) => s > 0).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  return { low: quantile(sorted, 1 / 3), high: quantile(sorted, 2 / 3) }
}

/** R's quantile(x, p, type = 7) of sorted values. */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const a = sorted[lo] ?? 0
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a
  return a + (h - lo) * (b - a)
}

/** The band of a customer who had spent this much before exposure. */
export function spendBandOf(spend: number, cuts: SpendBandCuts | null): SpendBand {
  if (spend <= 0 || cuts === null) return 'none'
  return spend <= cuts.low ? 'low' : spend <= cuts.high ? 'middle' : 'high'
}

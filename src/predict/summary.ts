import type { RfmSummary } from './bgnbd.js'

/** One purchase: who, on which day (whole days since the epoch in the shop's time), for how much. */
export interface Purchase {
  customerId: string
  day: number
  value: number
}

/** A customer's calibration-period history in model units, with what they did in the holdout. */
export interface CustomerHistory extends RfmSummary {
  customerId: string
  /** Mean value of the repeat purchase days (the first day left out), null without any. */
  meanRepeatValue: number | null
  firstDay: number
  lastDay: number
  /** Purchase days after the calibration period up to the holdout's end (0 without a holdout). */
  holdoutPurchases: number
  /** What those holdout purchases were worth. */
  holdoutValue: number
}

export interface SummaryOptions {
  /** The last day of the calibration period (included). */
  calibrationEndDay: number
  /** The last day of the holdout (included); none when the history is summarised up to now. */
  holdoutEndDay?: number
  /** Days per model time unit: 7 for the papers' weeks, 1 in the product. */
  unitDays: number
}

/**
 * Purchases per customer as BG/NBD and Gamma-Gamma read them (as `lifetimes`' summary_data_from_transaction_data
 * does): purchases on one day are one purchase of their summed value; frequency counts the days after the
 * first, recency and age run from the first day to the last purchase and to the calibration's end. A
 * customer whose first purchase is after the calibration period is not in it. Customers come in the order
 * of their first line.
 */
export function summarise(purchases: readonly Purchase[], options: SummaryOptions): CustomerHistory[] {
  const byCustomer = new Map<string, Map<number, number>>()
  for (const p of purchases) {
    let days = byCustomer.get(p.customerId)
    if (!days) {
      days = new Map()
      byCustomer.set(p.customerId, days)
    }
    days.set(p.day, (days.get(p.day) ?? 0) + p.value)
  }
  const end = options.calibrationEndDay
  const holdoutEnd = options.holdoutEndDay ?? end
  const histories: CustomerHistory[] = []
  for (const [customerId, days] of byCustomer) {
    const calibration = [...days.keys()].filter((d) => d <= end).sort((p, q) => p - q)
    const firstDay = calibration[0]
    if (firstDay === undefined) continue
    const lastDay = calibration[calibration.length - 1] as number
    const repeatValues = calibration.slice(1).map((d) => days.get(d) ?? 0)
    let holdoutPurchases = 0
    let holdoutValue = 0
    for (const [d, value] of days)
      if (d > end && d <= holdoutEnd) {
        holdoutPurchases++
        holdoutValue += value
      }
    histories.push({
      customerId,
      frequency: calibration.length - 1,
      recency: (lastDay - firstDay) / options.unitDays,
      age: (end - firstDay) / options.unitDays,
      meanRepeatValue:
        repeatValues.length === 0 ? null : repeatValues.reduce((s, v) => s + v, 0) / repeatValues.length,
      firstDay,
      lastDay,
      holdoutPurchases,
      holdoutValue,
    })
  }
  return histories
}

const DAY_MS = 86_400_000

/** Whole days since the epoch of a `YYYYMMDD` or ISO date (UTC), or null when it is not a real date. */
export function dayOfDate(text: string): number | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim())
  if (!m) return null
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const back = new Date(ms)
  if (
    back.getUTCFullYear() !== Number(m[1]) ||
    back.getUTCMonth() !== Number(m[2]) - 1 ||
    back.getUTCDate() !== Number(m[3])
  )
    return null
  return ms / DAY_MS
}

/** The day (since the epoch) a moment falls on in a time zone `offsetMinutes` east of UTC. */
export function dayOfMoment(at: Date, offsetMinutes: number): number {
  return Math.floor((at.getTime() + offsetMinutes * 60_000) / DAY_MS)
}

/** The ISO date of a day since the epoch. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

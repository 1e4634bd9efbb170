import { DAY, HOUR, MINUTE } from './time.js'

/**
 * The Korean calendar parcels keep to (UTC+9, no daylight saving): the warehouse works Monday to Friday,
 * carriers deliver Monday to Saturday. Public holidays are not modelled.
 */
const KST_OFFSET = 9 * HOUR

/** The Korean day (days since 1970-01-01 KST) a time falls on. */
export const kstDay = (at: number): number => Math.floor((at + KST_OFFSET) / DAY)

/** The time of a Korean clock reading on a Korean day. */
export const kstTime = (day: number, hour: number, minute = 0): number =>
  day * DAY + hour * HOUR + minute * MINUTE - KST_OFFSET

/** Hours since midnight on the Korean clock, with fractions. */
export const kstHour = (at: number): number => (at + KST_OFFSET - kstDay(at) * DAY) / HOUR

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (day: number): number => (day + 4) % 7

export const isWarehouseDay = (day: number): boolean => weekday(day) >= 1 && weekday(day) <= 5
export const isDeliveryDay = (day: number): boolean => weekday(day) !== 0

/** The first day after `day` that passes the test. */
export function nextDayThat(day: number, test: (day: number) => boolean): number {
  let d = day + 1
  while (!test(d)) d += 1
  return d
}

/** The `n`th delivery day after `day` (n ≥ 1): Sundays do not count. */
export function deliveryDaysAfter(day: number, n: number): number {
  let d = day
  for (let i = 0; i < n; i++) d = nextDayThat(d, isDeliveryDay)
  return d
}

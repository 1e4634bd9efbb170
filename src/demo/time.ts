/** Durations in milliseconds: every demo time is an epoch-milliseconds number until it is written out. */
export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** Korea Standard Time is UTC+9 all year (no daylight saving). */
const KST_OFFSET = 9 * HOUR

/**
 * How busy each hour of the Korean day is (0 = midnight KST), shaped like a fashion shop's traffic:
 * a lunch bump, an evening peak from 20:00 to 23:00, quiet small hours.
 */
export const KST_HOURLY_TRAFFIC: readonly number[] = [
  3, 2, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 5, 4.5, 3.5, 3.5, 3.5, 4, 4.5, 5, 6.5, 7, 7, 5,
]

/** The UTC offset (ms from the UTC day start) of a Korean clock hour, wrapped into the same UTC day. */
export function utcOffsetOfKstHour(kstHour: number): number {
  return (((kstHour * HOUR - KST_OFFSET) % DAY) + DAY) % DAY
}

let cachedDay = Number.NaN
let cachedDate = ''

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/**
 * ISO text for an epoch-ms time, the same as Date#toISOString. Millions of timestamps are written per
 * run and most fall on the day being generated, so the date part is cached per day.
 */
export function iso(at: number): string {
  const day = Math.floor(at / DAY)
  if (day !== cachedDay) {
    cachedDay = day
    cachedDate = new Date(day * DAY).toISOString().slice(0, 11)
  }
  const inDay = at - day * DAY
  const ms = inDay % 1000
  const seconds = Math.floor(inDay / 1000)
  const msText = ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms)
  return `${cachedDate}${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${msText}Z`
}

/**
 * Shop exports write wall-clock times without a zone ("2011-03-10 16:16:00"). These helpers read them as
 * the shop's local time and return UTC ISO strings, so that time-of-day rules (quiet hours, 24 h windows)
 * see the real instant, daylight saving time included.
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

const DAY_MS = 86_400_000
const QUARTER_HOUR_MS = 900_000
// Intl formatting is the slow part of reading a large export. Offsets change at most a few times a year and
// only on quarter hours, so a day whose two ends agree has one offset; other days are cached per quarter hour.
const offsetCache = new Map<string, number>()

/** Offset of `timeZone` from UTC at instant `utcMs`, in milliseconds (positive east of Greenwich). */
function zoneOffset(utcMs: number, timeZone: string): number {
  const day = Math.floor(utcMs / DAY_MS)
  const dayStart = cachedOffset(`${timeZone} d${day}`, day * DAY_MS, timeZone)
  const dayEnd = cachedOffset(`${timeZone} d${day + 1}`, (day + 1) * DAY_MS, timeZone)
  if (dayStart === dayEnd) return dayStart
  const quarter = Math.floor(utcMs / QUARTER_HOUR_MS)
  return cachedOffset(`${timeZone} q${quarter}`, quarter * QUARTER_HOUR_MS, timeZone)
}

function cachedOffset(key: string, utcMs: number, timeZone: string): number {
  let offset = offsetCache.get(key)
  if (offset === undefined) {
    offset = measureZoneOffset(utcMs, timeZone)
    if (offsetCache.size > 100_000) offsetCache.clear()
    offsetCache.set(key, offset)
  }
  return offset
}

function measureZoneOffset(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs)))
    parts[part.type] = Number(part.value)
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  )
  return asUtc - Math.floor(utcMs / 1000) * 1000
}

/** Throws a RangeError when the zone is unknown, so a typo in an option fails before any row is read. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone)
}

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function wallClockToUtc(wall: WallClock, timeZone: string): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  // Offsets change at most once around a given day, so the offsets a day before and a day after are the
  // only ones this wall clock can have.
  const before = naive - zoneOffset(naive - DAY_MS, timeZone)
  const after = naive - zoneOffset(naive + DAY_MS, timeZone)
  const reads = (utc: number) => utc + zoneOffset(utc, timeZone) === naive
  // In an autumn overlap both read back and the earlier is taken. In a spring-forward gap neither does:
  // the offset from before the jump moves the time forward by the jump, as the shop's clock did.
  if (reads(before) && reads(after)) return Math.min(before, after)
  if (reads(after)) return after
  return before
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i
const ISO_LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/
// The UCI Online Retail original spells dates month first with a two-digit year: "12/1/10 8:26".
const US_SHORT = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * Reads a timestamp as written in shop exports and returns a UTC ISO string, or undefined when it is not a
 * date. Times with an offset or `Z` are taken as written; others are wall-clock times in `timeZone`.
 */
export function parseShopTime(text: string, timeZone: string): string | undefined {
  const value = text.trim()
  if (value === '') return undefined
  if (ISO_WITH_ZONE.test(value)) {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
  }
  let wall: WallClock | undefined
  const iso = ISO_LOCAL.exec(value)
  if (iso) wall = toWallClock(iso[1], iso[2], iso[3], iso[4], iso[5], iso[6])
  const us = iso ? null : US_SHORT.exec(value)
  if (us) {
    const year = us[3]?.length === 2 ? `20${us[3]}` : us[3]
    wall = toWallClock(year, us[1], us[2], us[4], us[5], us[6])
  }
  if (!wall) return undefined
  return new Date(wallClockToUtc(wall, timeZone)).toISOString()
}

function toWallClock(...parts: (string | undefined)[]): WallClock | undefined {
  const [year, month, day, hour, minute, second] = parts.map((part) => Number(part ?? 0))
  const wall = {
    year: year ?? 0,
    month: month ?? 0,
    day: day ?? 0,
    hour: hour ?? 0,
    minute: minute ?? 0,
    second: second ?? 0,
  }
  // Reject impossible dates such as 2011-02-30 instead of letting Date roll them into March.
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day))
  if (check.getUTCMonth() !== wall.month - 1 || check.getUTCDate() !== wall.day) return undefined
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined
  return wall
}

/** The calendar date part of an export's date ("2018-09-03 00:00:00" → "2018-09-03"), for dates that are days. */
export function calendarDate(text: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(text.trim())
  return match?.[1]
}

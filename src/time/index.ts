/**
 * Wall clocks in IANA time zones, DST included: what a zone's clocks show at a moment, and the moment they
 * show a given wall time. Used where shop exports write local times (imports) and where rules run on the
 * customer's clock (quiet hours).
 */

/** A date and time as a zone's clocks show it. */
export interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

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

/** Throws a RangeError when the zone is unknown, so a typo in an option fails before anything runs. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone)
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    assertTimeZone(timeZone)
    return true
  } catch {
    return false
  }
}

/** What the zone's clocks show at a moment. */
export function wallClockAt(at: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(at))
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  }
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
    const w = wallClockAt(new Date(utcMs), timeZone)
    offset =
      Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(utcMs / 1000) * 1000
    if (offsetCache.size > 100_000) offsetCache.clear()
    offsetCache.set(key, offset)
  }
  return offset
}

/**
 * The moment (UTC ms) the zone's clocks show this wall time. In an autumn overlap the earlier of the two is
 * taken; a time skipped by a spring-forward jump is moved forward by the jump, as the clocks read it after.
 */
export function momentOfWallClock(wall: WallClock, timeZone: string): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  // Offsets change at most once around a given day, so the offsets a day before and a day after are the
  // only ones this wall clock can have.
  const before = naive - zoneOffset(naive - DAY_MS, timeZone)
  const after = naive - zoneOffset(naive + DAY_MS, timeZone)
  const reads = (utc: number) => utc + zoneOffset(utc, timeZone) === naive
  if (reads(before) && reads(after)) return Math.min(before, after)
  if (reads(after)) return after
  return before
}

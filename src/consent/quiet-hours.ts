import type { QuietHours } from './settings.js'

interface WallTime {
  year: number
  month: number
  day: number
  minuteOfDay: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The wall-clock date and time in a zone at a moment. */
export function wallTime(at: Date, timeZone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {}
  for (const p of formatterFor(timeZone).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  const hour = (parts.hour ?? 0) % 24
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    minuteOfDay: hour * 60 + (parts.minute ?? 0),
    second: parts.second ?? 0,
  }
}

/** How far the zone's clock is ahead of UTC at a moment, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallTime(new Date(ms), timeZone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, 0, w.minuteOfDay, w.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/**
 * The moment a zone's clocks show this wall time. A time skipped by a DST jump (02:30 on the spring
 * night) is taken as the same distance past the jump, as clocks read it afterwards.
 */
export function momentOf(wall: WallTime, timeZone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minuteOfDay)
  const first = naive - offsetAt(naive, timeZone)
  const second = naive - offsetAt(first, timeZone)
  return new Date(Math.max(first, second))
}

function inWindow(minute: number, quiet: QuietHours): boolean {
  const { startMinute: start, endMinute: end } = quiet
  return start < end ? minute >= start && minute < end : minute >= start || minute < end
}

/**
 * When quiet hours end if `at` falls inside them in `timeZone`, else null: 22:30 with 21:00-08:00 → the
 * next local 08:00; 07:00 → 08:00 the same day. Across DST, the answer is the local end time on the new
 * offset, not a fixed number of hours.
 */
export function quietUntil(at: Date, timeZone: string, quiet: QuietHours | null): Date | null {
  if (!quiet) return null
  const now = wallTime(at, timeZone)
  if (!inWindow(now.minuteOfDay, quiet)) return null
  // Past midnight the window's end is today; before midnight (a window that crosses it), tomorrow.
  const endsTomorrow = quiet.startMinute > quiet.endMinute && now.minuteOfDay >= quiet.startMinute
  const day = new Date(Date.UTC(now.year, now.month - 1, now.day + (endsTomorrow ? 1 : 0)))
  return momentOf(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      minuteOfDay: quiet.endMinute,
    },
    timeZone,
  )
}

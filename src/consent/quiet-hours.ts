import { momentOfWallClock, wallClockAt } from '../time/index.js'
import type { QuietHours } from './settings.js'

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
  const now = wallClockAt(at, timeZone)
  const minuteOfDay = now.hour * 60 + now.minute
  if (!inWindow(minuteOfDay, quiet)) return null
  // Past midnight the window's end is today; before midnight (a window that crosses it), tomorrow.
  const endsTomorrow = quiet.startMinute > quiet.endMinute && minuteOfDay >= quiet.startMinute
  const day = new Date(Date.UTC(now.year, now.month - 1, now.day + (endsTomorrow ? 1 : 0)))
  const end = {
    year: day.getUTCFullYear(),
    month: day.getUTCMonth() + 1,
    day: day.getUTCDate(),
    hour: Math.floor(quiet.endMinute / 60),
    minute: quiet.endMinute % 60,
    second: 0,
  }
  return new Date(momentOfWallClock(end, timeZone))
}

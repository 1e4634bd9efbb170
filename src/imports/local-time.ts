/**
 * Shop exports write wall-clock times without a zone ("2011-03-10 16:16:00"). These helpers read them as
 * the shop's local time and return UTC ISO strings, so that time-of-day rules (quiet hours, 24 h windows)
 * see the real instant, daylight saving time included.
 */

import { momentOfWallClock, type WallClock } from '../time/index.js'

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
  return new Date(momentOfWallClock(wall, timeZone)).toISOString()
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

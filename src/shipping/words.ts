import type { Locale } from '../locale/index.js'

const TAG: Record<Locale, string> = { ko: 'ko-KR', en: 'en-GB' }

/** A delivery day as a reader writes it: `Tue 12 Nov`, `11월 12일 (화)`. */
export function formatDay(at: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(TAG[locale], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone,
  }).format(at)
}

/** A range of delivery days: `Tue 12 – Thu 14 Nov`; one day when both ends fall on it. */
export function formatDayRange(from: number, to: number, locale: Locale, timeZone: string): string {
  const format = new Intl.DateTimeFormat(TAG[locale], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone,
  })
  return from >= to || format.format(from) === format.format(to)
    ? format.format(to)
    : format.formatRange(from, to)
}

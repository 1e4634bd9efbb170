import { isTimeZone } from '../time/index.js'
import { LOCALES, type Locale } from './locale.js'

/** Who reads a page: their language, their time zone, and whether that zone is known to be theirs. */
export interface Reader {
  locale: Locale
  timeZone: string
  /** False when the zone is the shop's (no `timezone` trait): dates then name their zone. */
  ownZone: boolean
}

/** A profile's `locale` trait as one of ours (`ko-KR` → `ko`), or undefined. */
export function profileLocale(traits: Record<string, unknown> | undefined): Locale | undefined {
  const trait = traits?.locale
  if (typeof trait !== 'string') return undefined
  const language = trait.trim().toLowerCase().split(/[-_]/)[0]
  return LOCALES.find((l) => l === language)
}

/**
 * The reader of a page or a message: a known customer reads in their profile's language (a browser may be
 * a shared or a work one) and time zone; anyone else in `fallback` (their browser's language) and the shop's
 * zone (REEL_DEFAULT_TIMEZONE), named.
 */
export function readerOf(
  traits: Record<string, unknown> | undefined,
  fallback: Locale,
  shopTimeZone: string,
): Reader {
  const zone = traits?.timezone
  const ownZone = typeof zone === 'string' && isTimeZone(zone)
  return {
    locale: profileLocale(traits) ?? fallback,
    timeZone: ownZone ? zone : shopTimeZone,
    ownZone,
  }
}

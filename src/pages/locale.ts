import type { Locale } from '../locale/index.js'
import { EN, type Strings } from './strings-en.js'
import { KO } from './strings-ko.js'

export { FALLBACK_LOCALE, fill, LOCALES, type Locale, pickLocale } from '../locale/index.js'

const STRINGS: Record<Locale, Strings> = { ko: KO, en: EN }

/** The strings of a locale. */
export function stringsFor(locale: Locale): Strings {
  return STRINGS[locale]
}

/**
 * How Reel addresses a reader, below every module that writes to customers (pages, gift notices, shipping):
 * the languages, a visitor's choice of one, a profile's language and time zone, and a first name.
 */
export { FALLBACK_LOCALE, fill, LOCALES, type Locale, pickLocale } from './locale.js'
export { firstNameOf } from './names.js'
export { profileLocale, type Reader, readerOf } from './reader.js'

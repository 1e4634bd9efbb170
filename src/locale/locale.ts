/** The languages Reel writes to customers in, and how a visitor's is chosen. */
export const LOCALES = ['ko', 'en'] as const
export type Locale = (typeof LOCALES)[number]

/** Visitors whose browser asks for neither language (link previews, most bots) read English. */
export const FALLBACK_LOCALE: Locale = 'en'

/**
 * The locale an `Accept-Language` header prefers among ours: `ko-KR,ko;q=0.9,en;q=0.8` → `ko`.
 * Languages are ranked by their `q` (1 when absent; header order breaks ties); `q=0` means "not this".
 */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return FALLBACK_LOCALE
  const ranked = acceptLanguage
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
      return {
        language: tag.trim().toLowerCase().split('-')[0] ?? '',
        q: q === undefined ? 1 : Number(q),
        order,
      }
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.order - b.order)
  const found = ranked.find((r) => (LOCALES as readonly string[]).includes(r.language))
  return (found?.language as Locale | undefined) ?? FALLBACK_LOCALE
}

/** A string with its `{name}` placeholders filled in (values stay plain text: templates escape them). */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole))
}

/**
 * Which web pages may send events from a browser (`REEL_CORS_ORIGINS`): `*` for any, or origins such as
 * `https://shop.example` and `https://*.shop.example` (any subdomain).
 */

const WILDCARD = '://*.'

/** Parses a comma-separated list into normalised patterns; throws naming an entry that is no origin. */
export function parseCorsOrigins(text: string): string[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  if (entries.length === 0) throw new Error('expected * or a comma-separated list of origins')
  if (entries.includes('*')) return ['*']
  return entries.map((entry) => {
    const wildcard = entry.includes(WILDCARD)
    let url: URL
    try {
      url = new URL(wildcard ? entry.replace(WILDCARD, '://wildcard.') : entry)
    } catch {
      throw new Error(`"${entry}" is not an origin such as https://shop.example`)
    }
    if (!['http:', 'https:'].includes(url.protocol) || `${url.origin}/` !== url.href.replace(/\/?$/, '/'))
      throw new Error(`"${entry}" is not an origin such as https://shop.example (no path, no query)`)
    return wildcard ? url.origin.replace('://wildcard.', WILDCARD) : url.origin
  })
}

/** Whether a request's `Origin` header is one of the patterns. */
export function originMatcher(patterns: string[]): (origin: string) => boolean {
  if (patterns.includes('*')) return () => true
  const exact = new Set(patterns.filter((p) => !p.includes(WILDCARD)))
  const subdomains = patterns
    .filter((p) => p.includes(WILDCARD))
    .map((p) => {
      const [scheme, rest] = p.split(WILDCARD) as [string, string]
      // Labels each end in a dot, so the match is linear in the header's length.
      return new RegExp(`^${scheme}://([a-z0-9-]+\\.)+${rest.replaceAll('.', '\\.')}$`)
    })
  return (origin) => exact.has(origin) || subdomains.some((pattern) => pattern.test(origin))
}

/**
 * Where a tracking call carries its write key: the HTTP Basic user name (Segment's libraries today), or a
 * `writeKey` field of the JSON body (analytics.js before the header, and beacons, which cannot set headers).
 */

/** No control characters or lone surrogates, which no key has and PostgreSQL cannot compare. */
const PLAUSIBLE_KEY = /^[^\p{Cc}\p{Cs}]{1,256}$/u

/** The key from an `Authorization: Basic` header; `null` for a header of another kind or no plausible key. */
export function writeKeyFromHeader(header: string): string | null {
  const [scheme, credentials] = header.trim().split(/\s+/, 2)
  if (scheme?.toLowerCase() !== 'basic' || !credentials) return null
  const user = Buffer.from(credentials, 'base64').toString('utf8').split(':')[0] ?? ''
  return PLAUSIBLE_KEY.test(user) ? user : null
}

/** The key from a parsed body's `writeKey` field, if it has a plausible one. */
export function writeKeyFromBody(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('writeKey' in body)) return null
  const key = body.writeKey
  return typeof key === 'string' && PLAUSIBLE_KEY.test(key) ? key : null
}

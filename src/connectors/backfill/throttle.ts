/**
 * How fast to call Shopify: pure arithmetic over the REST Admin API's leaky bucket
 * (shopify.dev/docs/api/admin-rest/usage/rate-limits) and over retries.
 */

/** The bucket as a response reports it in `X-Shopify-Shop-Api-Call-Limit: 32/40`. */
export interface CallLimit {
  used: number
  size: number
}

/** Reads `X-Shopify-Shop-Api-Call-Limit`; undefined when the header is missing or not `used/size`. */
export function parseCallLimit(header: string | null | undefined): CallLimit | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(header ?? '')
  if (!match) return undefined
  const used = Number(match[1])
  const size = Number(match[2])
  return size > 0 ? { used, size } : undefined
}

/**
 * Requests a second the bucket leaks. Every plan's bucket holds 20 seconds of its leak (standard 40 at 2/s,
 * Advanced 80 at 4/s, Plus 400 at 20/s), so the size the header reports tells the rate.
 */
export function leakPerSecond(limit: CallLimit): number {
  return limit.size / 20
}

/** Share of the bucket above which the next call waits, leaving room for other work of the same app. */
export const SLOW_DOWN_AT = 0.8

/**
 * Milliseconds to wait before the next call so the bucket drains back below SLOW_DOWN_AT of its size:
 * 0 while it is below, e.g. 500 ms at 32/40 and 4 s at 39/40 on a standard plan.
 */
export function callLimitDelayMs(limit: CallLimit | undefined): number {
  if (!limit) return 0
  const threshold = Math.floor(limit.size * SLOW_DOWN_AT)
  if (limit.used < threshold) return 0
  return Math.ceil(((limit.used - threshold + 1) / leakPerSecond(limit)) * 1000)
}

/** What a 429 without a readable Retry-After waits: Shopify's own answers say 2.0 seconds. */
export const DEFAULT_RETRY_AFTER_MS = 2000

/**
 * Milliseconds a 429's `Retry-After` asks for: seconds (Shopify sends `2.0`) or an HTTP date, capped at
 * `maxMs` so that a wild value cannot stall a back-fill for hours.
 */
export function retryAfterMs(header: string | null | undefined, now: number, maxMs = 60_000): number {
  const text = (header ?? '').trim()
  let ms = DEFAULT_RETRY_AFTER_MS
  if (/^\d+(\.\d+)?$/.test(text)) ms = Math.ceil(Number(text) * 1000)
  else if (text !== '' && !Number.isNaN(Date.parse(text))) ms = Math.max(0, Date.parse(text) - now)
  return Math.min(ms, maxMs)
}

/** Milliseconds before retry `attempt` (1 for the first retry) after a 5xx or a network error. */
export function backoffMs(attempt: number, baseMs = 500, maxMs = 30_000): number {
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1))
}

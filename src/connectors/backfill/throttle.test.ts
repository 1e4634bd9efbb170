import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  backoffMs,
  callLimitDelayMs,
  DEFAULT_RETRY_AFTER_MS,
  parseCallLimit,
  retryAfterMs,
} from './throttle.js'

test('the call-limit header reads as used/size', () => {
  assert.deepEqual(parseCallLimit('32/40'), { used: 32, size: 40 })
  assert.deepEqual(parseCallLimit(' 3 / 80 '), { used: 3, size: 80 })
  for (const bad of [null, undefined, '', '40', 'a/b', '3/0']) assert.equal(parseCallLimit(bad), undefined)
})

test('calls go on at full speed while the bucket is below 80 % and slow down before it fills', () => {
  assert.equal(callLimitDelayMs(undefined), 0)
  assert.equal(callLimitDelayMs({ used: 31, size: 40 }), 0)
  // Standard plan, 2 requests a second: one request's worth of drain below the threshold of 32.
  assert.equal(callLimitDelayMs({ used: 32, size: 40 }), 500)
  assert.equal(callLimitDelayMs({ used: 39, size: 40 }), 4000)
  // Plus: 400 at 20 a second.
  assert.equal(callLimitDelayMs({ used: 399, size: 400 }), 4000)
})

test('Retry-After is read in seconds or as a date, capped, with Shopify’s 2 s when missing', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')
  assert.equal(retryAfterMs('2.0', now), 2000)
  assert.equal(retryAfterMs('1', now), 1000)
  assert.equal(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now), 5000)
  assert.equal(retryAfterMs(null, now), DEFAULT_RETRY_AFTER_MS)
  assert.equal(retryAfterMs('soon', now), DEFAULT_RETRY_AFTER_MS)
  assert.equal(retryAfterMs('86400', now), 60_000)
})

test('retries back off exponentially up to a cap', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => backoffMs(n)),
    [500, 1000, 2000, 4000],
  )
  assert.equal(backoffMs(20), 30_000)
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { retryDelayMs } from './backoff.js'

const settings = { retryBaseMs: 1000, retryMaxMs: 60_000 }

test('retries wait twice as long after each failure, between half and all of the delay', () => {
  assert.equal(
    retryDelayMs(1, settings, () => 0),
    500,
  )
  assert.equal(
    retryDelayMs(1, settings, () => 1),
    1000,
  )
  assert.equal(
    retryDelayMs(2, settings, () => 1),
    2000,
  )
  assert.equal(
    retryDelayMs(4, settings, () => 0.5),
    6000,
  )
})

test('the wait never exceeds the maximum', () => {
  assert.equal(
    retryDelayMs(30, settings, () => 1),
    60_000,
  )
})

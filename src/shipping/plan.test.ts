import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blocksFor, careSettingsSchema } from './care.js'
import { DEFAULT_SILENCE_MS, delayOf, PROMISE_MARGIN_MS } from './delays.js'
import { inShippingHoldout, noticeFor } from './plan.js'
import { formatDayRange } from './words.js'

const NOW = Date.parse('2026-11-20T03:00:00Z')
const DAY = 86_400_000

test('a status is news for the window given; after that (an import, a rebuild) nobody is told', () => {
  const options = { now: NOW, newsWindowMs: 3 * DAY, holdout: false }
  assert.equal(
    noticeFor({ shipmentId: 's', status: 'in_transit', statusAt: NOW - DAY }, options)?.kind,
    'shipped',
  )
  assert.equal(noticeFor({ shipmentId: 's', status: 'in_transit', statusAt: NOW - 4 * DAY }, options), null)
  assert.equal(noticeFor({ shipmentId: 's', status: 'info_received', statusAt: NOW }, options), null)
  assert.equal(
    noticeFor({ shipmentId: 's', status: 'delivered', statusAt: NOW }, options)?.idempotencyKey,
    'shipment:s:delivered',
  )
})

test('a shipment in the holdout hears only that it shipped', () => {
  const options = { now: NOW, newsWindowMs: 3 * DAY, holdout: true }
  assert.equal(noticeFor({ shipmentId: 's', status: 'in_transit', statusAt: NOW }, options)?.kind, 'shipped')
  assert.equal(noticeFor({ shipmentId: 's', status: 'out_for_delivery', statusAt: NOW }, options), null)
})

test('the holdout draws its share, stably, and none at share 0', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `shipment-${i}`)
  const held = ids.filter((id) => inShippingHoldout('salt', id, 0.2)).length / ids.length
  assert.ok(Math.abs(held - 0.2) < 0.01, `held out ${held}`)
  assert.equal(inShippingHoldout('salt', 'shipment-7', 0.2), inShippingHoldout('salt', 'shipment-7', 0.2))
  assert.equal(
    ids.some((id) => inShippingHoldout('salt', id, 0)),
    false,
  )
})

test('a parcel is late when silent for longer than usual, or when its promise is about to pass', () => {
  const promise = { promiseAt: NOW + 2 * DAY, earliestAt: NOW, latestAt: NOW + DAY }
  const parcel = { status: 'in_transit' as const, lastScanAt: NOW - DAY, deliveredAt: null }
  assert.equal(delayOf(parcel, promise, DEFAULT_SILENCE_MS, NOW), null)
  assert.equal(delayOf({ ...parcel, lastScanAt: NOW - 4 * DAY }, promise, DEFAULT_SILENCE_MS, NOW), 'silent')
  const passing = { ...promise, promiseAt: NOW + PROMISE_MARGIN_MS / 2 }
  assert.equal(delayOf(parcel, passing, DEFAULT_SILENCE_MS, NOW), 'promise_passing')
  assert.equal(
    delayOf({ ...parcel, status: 'out_for_delivery' }, passing, DEFAULT_SILENCE_MS, NOW),
    null,
    'it comes today',
  )
  assert.equal(delayOf({ ...parcel, deliveredAt: NOW }, passing, DEFAULT_SILENCE_MS, NOW), null)
})

test('content blocks follow the categories bought, any case, and `*` goes with every order', () => {
  const care = careSettingsSchema.parse({
    blocks: [
      { category: 'Yoga', title: 'Mat care' },
      { category: '*', title: 'Our returns' },
      { category: 'Kitchen', title: 'Knife care' },
    ],
  })
  assert.deepEqual(
    blocksFor(care, new Set(['yoga'])).map((b) => b.title),
    ['Mat care', 'Our returns'],
  )
})

test('a range of delivery days reads as a person writes it, in Korean and English', () => {
  const from = Date.parse('2026-11-21T03:00:00Z')
  assert.match(formatDayRange(from, from + 2 * DAY, 'en', 'Asia/Seoul'), /^Sat 21 Nov\s–\sMon 23 Nov$/)
  assert.equal(formatDayRange(from, from + 3_600_000, 'en', 'Asia/Seoul'), 'Sat 21 Nov')
  assert.match(
    formatDayRange(from, from + 2 * DAY, 'ko', 'Asia/Seoul'),
    /^11월 21일 \(토\)\s?~\s?23일 \(월\)$/,
  )
})

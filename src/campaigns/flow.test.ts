import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Facts, nextMove, type Step } from './flow.js'
import { armOf, bucketOf } from './holdout.js'

const T0 = new Date('2026-11-01T10:00:00Z')
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000)
const facts = (over: Partial<Facts> = {}): Facts => ({
  orderedSinceEnrolment: false,
  cartStillAbandoned: true,
  couponStillUnused: true,
  ...over,
})
const reminder: Step[] = [
  {
    type: 'send',
    channel: 'email',
    template: 'cart_reminder',
    messageType: 'marketing',
    couponTemplateId: null,
  },
  { type: 'wait', hours: 24 },
  { type: 'condition', check: 'cart_still_abandoned' },
  {
    type: 'send',
    channel: 'email',
    template: 'cart_reminder_nudge',
    messageType: 'marketing',
    couponTemplateId: null,
  },
]

test('a cart reminder: send, wait a day, send again only while the cart is still abandoned', () => {
  assert.equal(nextMove(reminder, 0, facts(), T0, T0).kind, 'send')
  assert.deepEqual(nextMove(reminder, 1, facts(), hours(2), T0), { kind: 'wait', until: hours(24) })
  assert.deepEqual(nextMove(reminder, 1, facts(), hours(24), T0), { kind: 'next' })
  assert.deepEqual(nextMove(reminder, 2, facts({ cartStillAbandoned: false }), hours(24), hours(24)), {
    kind: 'exit',
    reason: 'condition_failed:cart_still_abandoned',
  })
  assert.equal(nextMove(reminder, 3, facts(), hours(24), hours(24)).kind, 'send')
  assert.equal(nextMove(reminder, 4, facts(), hours(24), hours(24)).kind, 'finished')
})

test('a customer who ordered leaves the flow before anything more is sent', () => {
  assert.equal(nextMove(reminder, 0, facts({ orderedSinceEnrolment: true }), T0, T0).kind, 'goal_met')
  assert.equal(nextMove(reminder, 3, facts({ orderedSinceEnrolment: true }), T0, T0).kind, 'goal_met')
})

test('the holdout is a stable, salted tenth of customers', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `c${i}`)
  const held = ids.filter((id) => armOf('salt-a', id, 0.1) === 'holdout').length
  assert.ok(Math.abs(held / ids.length - 0.1) < 0.01, `${held} of ${ids.length} held out`)
  assert.equal(armOf('salt-a', 'c42', 0.1), armOf('salt-a', 'c42', 0.1))
  const sameInBoth = ids.filter((id) => bucketOf('salt-a', id) < 0.1 === bucketOf('salt-b', id) < 0.1).length
  assert.ok(sameInBoth < ids.length * 0.85, 'another salt draws another holdout')
  assert.equal(
    ids.filter((id) => armOf('salt-a', id, 0) === 'holdout').length,
    0,
    'no holdout when the share is 0',
  )
})

test('known customers keep known arms: an upgrade can never move a running campaign’s customers', () => {
  // Buckets worked out outside Reel: the first 4 bytes of SHA-256 over salt, NUL, customer id, ÷ 2³², e.g.
  //   printf 'salt-a\0c4' | sha256sum | cut -c1-8   →  0b0a107e  = 185208958
  const pinned: Array<[salt: string, customer: string, first4Bytes: number, armAtTenth: string]> = [
    ['salt-a', 'c4', 185_208_958, 'holdout'],
    ['salt-a', 'c31', 255_536_745, 'holdout'],
    ['salt-a', 'c16', 309_717_984, 'holdout'],
    ['salt-a', 'c7', 456_171_566, 'treatment'], // 0.106: just above a tenth
    ['salt-a', 'c32', 505_147_356, 'treatment'],
    ['salt-a', 'c0', 3_583_119_063, 'treatment'],
    ['salt-a', 'member-000001', 3_392_135_335, 'treatment'],
    ['salt-b', 'c4', 256_459_550, 'holdout'],
    ['salt-b', 'c7', 1_227_879_378, 'treatment'],
  ]
  for (const [salt, customer, first4Bytes, arm] of pinned) {
    assert.equal(bucketOf(salt, customer), first4Bytes / 2 ** 32, `${salt} ${customer}`)
    assert.equal(armOf(salt, customer, 0.1), arm, `${salt} ${customer}`)
  }
  assert.equal(armOf('salt-a', 'c7', 0.11), 'holdout', 'a larger share takes in the next bucket')
})

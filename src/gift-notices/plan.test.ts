import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ChannelName } from '../channels/index.js'
import type { Coupon, Gift, GiftEvent } from '../coupons/index.js'
import { firstNameOf } from '../locale/index.js'
import { contactIdOf, planNotices } from './plan.js'

const GIFT: Gift = {
  id: 'gft_1',
  couponId: 'cpn_1',
  giverId: 'mina',
  receiverId: null,
  sentTo: null,
  message: null,
  state: 'pending',
  hop: 1,
  createdAt: '2026-05-01T09:00:00.000Z',
  claimExpiresAt: '2026-05-08T09:00:00.000Z',
  resolvedAt: null,
  claimedBy: null,
  joinedThrough: false,
}
const event = (kind: GiftEvent['kind'], gift: Partial<Gift> = {}): GiftEvent => ({
  kind,
  gift: { ...GIFT, ...gift },
  coupon: { id: 'cpn_1' } as Coupon,
  claimUrl: kind === 'sent' ? 'https://shop.example/g/token' : null,
})
const smtpOnly = new Set<ChannelName>(['email', 'log'])
const plan = (e: GiftEvent, configured = smtpOnly) =>
  planNotices(e, configured).map((n) => [
    n.role,
    n.customerId,
    n.address,
    n.channels.join(','),
    n.link,
    n.template,
  ])

describe('which gift events tell whom, where', () => {
  it('a gift to an e-mail no member has goes to that address by e-mail, with the claim link', () => {
    const [notice] = planNotices(event('sent', { sentTo: 'Dana@Example.net ' }), smtpOnly)
    assert.deepEqual(
      [notice?.idempotencyKey, notice?.role, notice?.address, notice?.channels, notice?.link],
      ['gift:gft_1:sent:receiver', 'receiver', 'Dana@Example.net', ['email'], 'claim'],
    )
    assert.equal(notice?.customerId, contactIdOf('dana@example.net'), 'the same address, the same id')
  })

  it('a gift to a phone goes by SMS, or by messenger where that is what the shop set up', () => {
    const phone = event('sent', { sentTo: '010-1234-5678' })
    assert.deepEqual(plan(phone)[0]?.[3], 'sms,messenger', 'no provider: SMS first, waiting for one')
    assert.deepEqual(plan(phone, new Set(['messenger']))[0]?.[3], 'messenger,sms')
    assert.deepEqual(plan(phone, new Set(['sms', 'messenger']))[0]?.[3], 'sms,messenger')
    assert.equal(contactIdOf('+82 10-1234-5678'), contactIdOf('82 10 1234 5678'))
  })

  it("a member it was sent to hears on the address's channel, with their wallet; a member by id on their best", () => {
    assert.deepEqual(plan(event('sent', { receiverId: 'joon', sentTo: 'joon@example.kr' })), [
      ['receiver', 'joon', null, 'email', 'wallet', 'gift_received'],
    ])
    assert.deepEqual(plan(event('sent', { receiverId: 'joon' }), new Set(['sms'])), [
      ['receiver', 'joon', null, 'sms,email,messenger', 'wallet', 'gift_received'],
    ])
  })

  it('a link gift tells no one: the giver passes the link on', () => {
    assert.deepEqual(plan(event('sent')), [])
  })

  it('the giver hears when it is claimed, declined, taken back or not claimed in time', () => {
    for (const [kind, template] of [
      ['claimed', 'gift_claimed'],
      ['declined', 'gift_declined'],
      ['cancelled', 'gift_cancelled'],
      ['expired', 'gift_expired'],
    ] as const) {
      const [notice] = planNotices(event(kind, { sentTo: 'dana@example.net' }), smtpOnly)
      assert.deepEqual(
        [notice?.idempotencyKey, notice?.customerId, notice?.channels, notice?.link, notice?.template],
        [`gift:gft_1:${kind}:giver`, 'mina', ['email', 'messenger', 'sms'], 'wallet', template],
      )
    }
  })

  it('names people by their first name; a Korean name whole', () => {
    assert.equal(firstNameOf({ name: 'Mina Kim' }), 'Mina')
    assert.equal(firstNameOf({ name: 'Mina Kim', first_name: 'Minah' }), 'Minah')
    assert.equal(firstNameOf({ name: '김민아' }), '김민아')
    assert.equal(firstNameOf({ name: 'Anne-Marie O’Neil' }), 'Anne-Marie')
    assert.equal(firstNameOf({}), null)
    assert.equal(firstNameOf(undefined), null)
  })
})

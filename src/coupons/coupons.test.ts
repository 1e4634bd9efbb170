import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Reel } from '../app.js'
import { listEvents } from '../events/index.js'
import { getCustomer } from '../profiles/index.js'
import { engines } from '../test-support/engines.js'
import type { CouponError, CouponTemplate } from './index.js'

const START = new Date('2026-03-01T10:00:00.000Z')
const DAY = 86_400_000

/** A clock the test moves by hand. */
function handClock(start: Date) {
  let now = start.getTime()
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms
    },
  }
}

async function refused(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: CouponError) => {
    assert.equal(error.code, code)
    return true
  })
}

for (const engine of engines) {
  describe(`coupon wallet (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    const clock = handClock(START)
    let tenOff: CouponTemplate

    async function members(...people: Array<{ id: string; email?: string; birthday?: string }>) {
      await reel.ingestor.ingest(
        people.map((p) => ({
          type: 'identify',
          userId: p.id,
          messageId: `identify-${p.id}`,
          timestamp: clock.now().toISOString(),
          traits: { email: p.email ?? `${p.id}@example.com`, name: `Name ${p.id}`, birthday: p.birthday },
        })),
      )
    }

    before(async () => {
      reel = await engine.start({ clock: clock.now })
      await members({ id: 'ana' }, { id: 'ben' }, { id: 'cleo' }, { id: 'dev', birthday: '1990-03-05' })
      tenOff = await reel.coupons.createTemplate({
        name: '10 off',
        kind: 'win_back',
        discount: { type: 'amount', amount: 10, currency: 'EUR' },
        minOrder: 30,
        validDays: 30,
        validUntil: null,
        giftable: true,
        maxGiftHops: 2,
        releaseOnCancel: true,
        autoIssue: null,
        issueDaysBefore: 0,
      })
    })
    after(() => reel.close())

    it('issues once per idempotency key, to members only', async () => {
      const first = await reel.coupons.issue({
        templateId: tenOff.id,
        customerIds: ['ana'],
        idempotencyKey: 'k1',
      })
      const again = await reel.coupons.issue({
        templateId: tenOff.id,
        customerIds: ['ana'],
        idempotencyKey: 'k1',
      })
      assert.equal(first[0]?.id, again[0]?.id)
      assert.match(first[0]?.code ?? '', /^[0-9A-Z]{5}-[0-9A-Z]{5}$/)
      assert.equal(first[0]?.expiresAt, new Date(START.getTime() + 30 * DAY).toISOString())
      await refused(
        reel.coupons.issue({ templateId: tenOff.id, customerIds: ['nobody'] }),
        'REEL_ERR_COUPON_NOT_A_MEMBER',
      )
    })

    it('redeems a coupon at most once; the same order gets the same answer again', async () => {
      const [coupon] = await reel.coupons.issue({ templateId: tenOff.id, customerIds: ['ben'] })
      assert.ok(coupon)
      const order = { coupon: coupon.code.toLowerCase(), customerId: 'ben', currency: 'EUR' }
      await refused(
        reel.coupons.redeem({ ...order, orderId: 'o1', orderTotal: 20 }),
        'REEL_ERR_COUPON_BELOW_MINIMUM',
      )
      await refused(
        reel.coupons.redeem({ ...order, customerId: 'ana', orderId: 'o1', orderTotal: 50 }),
        'REEL_ERR_COUPON_NOT_OWNER',
      )
      const won = await reel.coupons.redeem({ ...order, orderId: 'o1', orderTotal: 50 })
      assert.deepEqual([won.discount, won.repeated, won.coupon.state], [10, false, 'redeemed'])
      const repeated = await reel.coupons.redeem({ ...order, orderId: 'o1', orderTotal: 50 })
      assert.equal(repeated.repeated, true)
      await refused(
        reel.coupons.redeem({ ...order, orderId: 'o2', orderTotal: 50 }),
        'REEL_ERR_COUPON_ALREADY_REDEEMED',
      )
      const ledger = await reel.coupons.ledger(coupon.id)
      assert.deepEqual(
        ledger.map((l) => l.action),
        ['issued', 'redeemed'],
      )
    })

    it('a code typed in lower case without its dash validates and redeems', async () => {
      const [coupon] = await reel.coupons.issue({ templateId: tenOff.id, customerIds: ['cleo'] })
      assert.ok(coupon)
      const typed = coupon.code.toLowerCase().replace('-', '')
      assert.notEqual(typed, coupon.code)
      const order = { coupon: typed, customerId: 'cleo', orderId: 'typed-1', orderTotal: 50, currency: 'EUR' }
      const checked = await reel.coupons.validate(order)
      assert.deepEqual([checked.coupon?.id, checked.refusal, checked.discount], [coupon.id, null, 10])
      const won = await reel.coupons.redeem({ ...order, coupon: ` ${typed.slice(0, 5)} ${typed.slice(5)} ` })
      assert.deepEqual([won.coupon.id, won.coupon.state], [coupon.id, 'redeemed'])
    })

    it('a gift-pending coupon cannot be redeemed by its giver; the receiver can once they accept', async () => {
      const [coupon] = await reel.coupons.issue({ templateId: tenOff.id, customerIds: ['ana'] })
      assert.ok(coupon)
      const gift = await reel.coupons.gift({
        couponId: coupon.id,
        giverId: 'ana',
        to: { email: 'BEN@example.com' },
      })
      assert.equal(gift.receiverId, 'ben')
      assert.match(gift.claimUrl ?? '', /\/g\/[\w-]{43}$/)
      const redeem = { coupon: coupon.code, orderId: 'o3', orderTotal: 40, currency: 'EUR' }
      await refused(reel.coupons.redeem({ ...redeem, customerId: 'ana' }), 'REEL_ERR_COUPON_GIFT_PENDING')
      await refused(reel.coupons.acceptGift(gift.id, 'cleo'), 'REEL_ERR_GIFT_NOT_FOR_YOU')
      const wallet = await reel.coupons.wallet('ben')
      assert.deepEqual(
        wallet.incomingGifts.map((g) => [g.id, g.giverName]),
        [[gift.id, 'Name ana']],
      )
      const accepted = await reel.coupons.acceptGift(gift.id, 'ben')
      assert.equal(accepted.state, 'claimed')
      await refused(reel.coupons.acceptGift(gift.id, 'ben'), 'REEL_ERR_GIFT_NOT_PENDING')
      // The code the giver knew is gone; the receiver has a new one.
      await refused(reel.coupons.redeem({ ...redeem, customerId: 'ana' }), 'REEL_ERR_COUPON_NOT_FOUND')
      const received = await reel.coupons.getCoupon(coupon.id)
      const won = await reel.coupons.redeem({ ...redeem, coupon: received?.code ?? '', customerId: 'ben' })
      assert.equal(won.coupon.ownerId, 'ben')
    })

    it('a friend who is not a member joins through the claim link and gets the coupon', async () => {
      const [coupon] = await reel.coupons.issue({ templateId: tenOff.id, customerIds: ['cleo'] })
      assert.ok(coupon)
      const gift = await reel.coupons.gift({ couponId: coupon.id, giverId: 'cleo', to: { link: true } })
      const token = gift.claimUrl?.split('/g/')[1] ?? ''
      const offer = await reel.coupons.offerByToken(token)
      assert.equal(offer?.coupon.id, coupon.id)
      assert.equal(offer?.gift.state, 'pending', 'looking at the offer does not claim it')
      await refused(
        reel.coupons.claimByToken(token, { email: 'cleo@example.com', name: 'Cleo' }),
        'REEL_ERR_GIFT_TO_SELF',
      )
      const claim = await reel.coupons.claimByToken(token, { email: 'dana@example.net', name: 'Dana' })
      assert.equal(claim.joined, true)
      assert.match(claim.walletUrl ?? '', /\/w\/cwt_/)
      assert.notEqual(claim.coupon.code, coupon.code, 'a claimed coupon gets a code the giver does not know')
      const twice = await reel.coupons.claimByToken(token, { email: 'Dana@example.net ', name: 'Dana' })
      assert.deepEqual(
        [twice.repeated, twice.walletUrl, twice.coupon.ownerId],
        [true, null, claim.coupon.ownerId],
      )
      const friend = claim.coupon.ownerId
      const profile = await getCustomer(reel.database.db, friend)
      assert.equal(profile?.is_member, true)
      assert.equal(profile?.email, 'dana@example.net')
      const events = await listEvents(reel.database.db, { customerId: friend, limit: 10 })
      assert.ok(events.events.some((e) => e.event === 'Signed Up' && e.properties.gift_id === gift.id))
      const viral = await reel.coupons.viral({ from: START, to: new Date(START.getTime() + DAY) })
      assert.equal(viral.total.signUps, 1)
      assert.equal(viral.total.givers, 2)
      assert.equal(viral.total.kFactor, 0.5)
      const chain = await reel.coupons.chain('cleo')
      assert.deepEqual(
        chain.gifts.map((g) => [g.claimedBy, g.depth]),
        [[friend, 1]],
      )
      assert.equal(chain.membersJoined, 1)
      // The friend gives it on: the chain grows one hop; the template allows two.
      const onward = await reel.coupons.gift({
        couponId: coupon.id,
        giverId: friend,
        to: { customerId: 'dev' },
      })
      await reel.coupons.acceptGift(onward.id, 'dev')
      assert.deepEqual(
        (await reel.coupons.chain('cleo')).gifts.map((g) => g.depth),
        [1, 2],
      )
      await refused(
        reel.coupons.gift({ couponId: coupon.id, giverId: 'dev', to: { link: true } }),
        'REEL_ERR_COUPON_NOT_GIFTABLE',
      )
    })

    it('a declined, cancelled or unclaimed gift comes back to the giver', async () => {
      const coupons = await reel.coupons.issue({ templateId: tenOff.id, customerIds: ['ana', 'ana', 'ana'] })
      const [a, b, c] = coupons.map((x) => x.id) as [string, string, string]
      await reel.ingestor.ingest([
        {
          type: 'identify',
          userId: 'ben',
          messageId: 'ben-phone',
          timestamp: clock.now().toISOString(),
          traits: { phone: '+82 10-1234-5678' },
        },
      ])
      const declined = await reel.coupons.gift({
        couponId: a,
        giverId: 'ana',
        to: { phone: '+821012345678' },
      })
      assert.equal(declined.receiverId, 'ben', 'a member is found by the digits of their phone')
      await refused(reel.coupons.declineGift(declined.id, 'cleo'), 'REEL_ERR_GIFT_NOT_FOR_YOU')
      assert.equal((await reel.coupons.declineGift(declined.id, 'ben')).state, 'declined')
      const cancelled = await reel.coupons.gift({ couponId: b, giverId: 'ana', to: { link: true } })
      await refused(reel.coupons.acceptGift(cancelled.id, 'ben'), 'REEL_ERR_GIFT_NOT_FOR_YOU')
      await refused(reel.coupons.cancelGift(cancelled.id, 'ben'), 'REEL_ERR_GIFT_NOT_FOR_YOU')
      assert.equal((await reel.coupons.cancelGift(cancelled.id, 'ana')).state, 'cancelled')
      const unclaimed = await reel.coupons.gift({ couponId: c, giverId: 'ana', to: { link: true } })
      clock.advance(reel.coupons.settings.giftClaimDays * DAY + 1)
      const round = await reel.coupons.runMaintenance()
      assert.equal(round.giftsExpired, 1)
      const gifts = await reel.coupons.listGifts({ couponId: c, limit: 10 })
      assert.equal(gifts.find((g) => g.id === unclaimed.id)?.state, 'expired')
      for (const id of [a, b, c]) {
        const coupon = await reel.coupons.getCoupon(id)
        assert.deepEqual([coupon?.state, coupon?.ownerId], ['issued', 'ana'])
      }
    })

    it('a gift claim never outlives its coupon: the claim time ends at the coupon’s expiry at the latest', async () => {
      const shortLived = await reel.coupons.createTemplate({
        name: '3 days only',
        kind: 'other',
        discount: { type: 'amount', amount: 5, currency: 'EUR' },
        minOrder: 0,
        validDays: 3,
        validUntil: null,
        giftable: true,
        maxGiftHops: 1,
        releaseOnCancel: false,
        autoIssue: null,
        issueDaysBefore: 0,
      })
      assert.ok(reel.coupons.settings.giftClaimDays > 3, 'the claim time would run past the coupon')
      const [soon, later] = await reel.coupons.issue({
        templateId: shortLived.id,
        customerIds: ['ana', 'ana'],
      })
      assert.ok(soon && later)
      clock.advance(DAY)
      const gift = await reel.coupons.gift({ couponId: soon.id, giverId: 'ana', to: { link: true } })
      assert.equal(gift.claimExpiresAt, soon.expiresAt, 'claimable until the coupon expires, not for 7 days')
      const [long] = await reel.coupons.issue({ templateId: tenOff.id, customerIds: ['ana'] })
      assert.ok(long)
      const longGift = await reel.coupons.gift({ couponId: long.id, giverId: 'ana', to: { link: true } })
      assert.equal(
        longGift.claimExpiresAt,
        new Date(clock.now().getTime() + reel.coupons.settings.giftClaimDays * DAY).toISOString(),
        'a coupon that lasts longer than the claim time: the claim time',
      )
      // Once the coupon's time is over, the link no longer claims it, and the round gives it back, expired.
      clock.advance(2 * DAY)
      const token = gift.claimUrl?.split('/g/')[1] ?? ''
      await refused(
        reel.coupons.claimByToken(token, { email: 'late@example.net', name: 'Late' }),
        'REEL_ERR_GIFT_NOT_PENDING',
      )
      await reel.coupons.runMaintenance()
      const [resolved] = await reel.coupons.listGifts({ couponId: soon.id, limit: 1 })
      assert.equal(resolved?.state, 'expired')
      const back = await reel.coupons.getCoupon(soon.id)
      assert.deepEqual([back?.state, back?.ownerId], ['expired', 'ana'])
      await reel.coupons.cancelGift(longGift.id, 'ana')
    })

    it('the shop’s Coupon Applied redeems and a wholly cancelled order releases the coupon', async () => {
      const [coupon] = await reel.coupons.issue({ templateId: tenOff.id, customerIds: ['dev'] })
      assert.ok(coupon)
      const at = clock.now().toISOString()
      const track = (event: string, messageId: string, properties: Record<string, unknown>) => ({
        type: 'track',
        userId: 'dev',
        event,
        messageId,
        timestamp: at,
        properties,
      })
      await reel.ingestor.ingest([
        track('Coupon Applied', 'ca-1', { order_id: 'shop-1', coupon_id: coupon.code, discount: 10 }),
        track('Order Completed', 'oc-1', {
          order_id: 'shop-1',
          total: 80,
          currency: 'EUR',
          coupon: coupon.code,
        }),
      ])
      assert.equal((await reel.coupons.getCoupon(coupon.id))?.redeemedOrderId, 'shop-1')
      await reel.ingestor.ingest([
        track('Coupon Applied', 'ca-2', { order_id: 'shop-2', coupon_id: coupon.code, total: 70 }),
      ])
      await reel.ingestor.ingest([
        track('Order Cancelled', 'cx-1', { order_id: 'shop-1', reason: 'out_of_stock' }),
      ])
      const released = await reel.coupons.getCoupon(coupon.id)
      assert.equal(released?.state, 'issued')
      assert.deepEqual(
        (await reel.coupons.ledger(coupon.id)).map((l) => [l.action, l.orderId]),
        [
          ['issued', null],
          ['redeemed', 'shop-1'],
          ['redemption_refused', 'shop-2'],
          ['released', 'shop-1'],
        ],
      )
    })

    it('tells the radar of a coupon that expires within 7 days unused, once', async () => {
      const [coupon] = await reel.coupons.issue({ templateId: tenOff.id, customerIds: ['ben'] })
      assert.ok(coupon)
      clock.advance(23 * DAY)
      const first = await reel.coupons.runMaintenance()
      const again = await reel.coupons.runMaintenance()
      assert.ok(first.expiringSignalled >= 1)
      assert.equal(again.expiringSignalled, 0)
      const signals = await reel.radar.listSignals({
        kind: 'coupon_expiring_unused',
        customerId: 'ben',
        limit: 10,
      })
      const mine = signals.signals.find((s) => s.key === coupon.id)
      assert.ok(mine, 'a signal for the coupon')
      assert.equal(mine.valueAtStake, 10)
      assert.equal(mine.at, new Date(new Date(coupon.expiresAt).getTime() - 7 * DAY).toISOString())
      await reel.radar.recompute()
      const kept = await reel.radar.listSignals({
        kind: 'coupon_expiring_unused',
        customerId: 'ben',
        limit: 10,
      })
      assert.ok(
        kept.signals.some((s) => s.id === mine.id),
        'a recompute of the event detectors keeps it',
      )
      clock.advance(8 * DAY)
      const expiry = await reel.coupons.runMaintenance()
      assert.ok(expiry.couponsExpired >= 1)
      assert.equal((await reel.coupons.getCoupon(coupon.id))?.state, 'expired')
    })

    it('issues a birthday coupon once per birthday, the set number of days before it', async () => {
      const birthday = await reel.coupons.createTemplate({
        name: 'Happy birthday',
        kind: 'birthday',
        discount: { type: 'percent', percent: 15, maxDiscount: 30, currency: 'EUR' },
        minOrder: 0,
        validDays: 45,
        validUntil: null,
        giftable: true,
        maxGiftHops: 1,
        releaseOnCancel: false,
        autoIssue: 'birthday',
        issueDaysBefore: 7,
      })
      // dev's birthday is 5 March; the clock stands in April by now: next year's comes 7 days before.
      const year = clock.now().getUTCFullYear() + 1
      const before = Date.UTC(year, 2, 5) - 8 * DAY
      clock.advance(before - clock.now().getTime())
      assert.equal((await reel.coupons.runMaintenance()).birthdayCoupons, 0)
      clock.advance(DAY)
      assert.equal((await reel.coupons.runMaintenance()).birthdayCoupons, 1)
      assert.equal((await reel.coupons.runMaintenance()).birthdayCoupons, 0)
      const wallet = await reel.coupons.wallet('dev')
      assert.equal(wallet.coupons.filter((c) => c.templateId === birthday.id).length, 1)
    })

    it('the ledger adds up', async () => {
      const audit = await reel.coupons.audit()
      assert.ok(audit.coupons > 5)
      assert.deepEqual(audit.violations, [])
    })
  })
}

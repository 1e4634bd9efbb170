import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'
import type { Coupon, CouponError, Redemption } from './index.js'
import { createRedeemBatcher } from './redeem-batch.js'

const NOW = new Date('2026-06-01T12:00:00.000Z')

for (const engine of engines) {
  describe(`grouped redemptions (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let coupons: Coupon[]
    before(async () => {
      reel = await engine.start({ clock: () => NOW })
      await reel.ingestor.ingest(
        ['hana', 'seo'].map((id) => ({
          type: 'identify',
          userId: id,
          messageId: `id-${id}`,
          timestamp: NOW.toISOString(),
          traits: { email: `${id}@example.kr` },
        })),
      )
      const template = await reel.coupons.createTemplate({
        name: '3,000 won off',
        kind: 'win_back',
        discount: { type: 'amount', amount: 3000, currency: 'KRW' },
        minOrder: 10000,
        validDays: 10,
        validUntil: null,
        giftable: false,
        maxGiftHops: 0,
        releaseOnCancel: true,
        autoIssue: null,
        issueDaysBefore: 0,
      })
      coupons = await reel.coupons.issue({ templateId: template.id, customerIds: ['hana', 'hana', 'seo'] })
    })
    after(() => reel.close())

    it('requests for one coupon in one statement: one wins, the same order repeats, the rest are told why', async () => {
      const [first, shared, other] = coupons as [Coupon, Coupon, Coupon]
      // One statement in flight at a time: while the first runs, the rest queue and go together.
      const batcher = createRedeemBatcher(reel.database.db, { inFlight: 1 })
      const order = (coupon: Coupon, customerId: string, orderId: string, orderTotal = 20000) =>
        batcher
          .redeem({ coupon: coupon.code, customerId, orderId, orderTotal, currency: 'KRW' }, NOW, 'api')
          .then(
            (r: Redemption) =>
              r.repeated ? `repeated ${r.coupon.redeemedOrderId}` : `won ${r.coupon.redeemedOrderId}`,
            (e: CouponError) => e.code,
          )
      const answers = await Promise.all([
        order(first, 'hana', 'k-0'),
        order(shared, 'seo', 'k-1'), // not the owner, and first in the batch for this coupon
        order(shared, 'hana', 'k-2'),
        order(shared, 'hana', 'k-3'),
        order(shared, 'hana', 'k-2'),
        order(other, 'seo', 'k-4', 500), // below the minimum
        order(other, 'seo', 'k-5'),
      ])
      assert.deepEqual(answers, [
        'won k-0',
        'REEL_ERR_COUPON_NOT_OWNER',
        'won k-2',
        'REEL_ERR_COUPON_ALREADY_REDEEMED',
        'repeated k-2',
        'REEL_ERR_COUPON_BELOW_MINIMUM',
        'won k-5',
      ])
      const audit = await reel.coupons.audit()
      assert.deepEqual(audit.violations, [])
      assert.equal(audit.ledgerRows, 6, 'three issued, three redeemed, nothing else')
    })
  })
}

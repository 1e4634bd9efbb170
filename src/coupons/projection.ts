import type { AnyDb } from '../db/index.js'
import type { Projection, StoredEvent } from '../events/index.js'
import { CouponError } from './errors.js'
import { normaliseCode } from './ids.js'
import { recordRefusedRedemption, redeemCoupon, releaseCouponsOfOrder } from './redeem-coupon.js'
import { REDEMPTION_REFUSALS, type RedemptionRefusal } from './rules.js'

const REEL_CODE = /^[0-9A-Z]{5}-[0-9A-Z]{5}$/

/** The Reel coupon an event names (`coupon_id` or `coupon`), if it looks like one of Reel's. */
function reelCouponOf(e: StoredEvent): string | undefined {
  const raw = e.properties.coupon_id ?? e.properties.coupon
  if (typeof raw !== 'string') return undefined
  if (raw.startsWith('cpn_')) return raw
  const code = normaliseCode(raw)
  return REEL_CODE.test(code) ? code : undefined
}

const numberOr = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) ? n : null
}

function isRefusal(code: string): RedemptionRefusal | undefined {
  const reason = code.replace('REEL_ERR_COUPON_', '').toLowerCase()
  return (REDEMPTION_REFUSALS as readonly string[]).includes(reason)
    ? (reason as RedemptionRefusal)
    : undefined
}

/**
 * What the shop's events do to coupons, in the ingesting transaction: `Coupon Applied` (and an
 * `Order Completed` naming a Reel coupon) redeems it on the order at the event's time; `Order Cancelled`
 * gives back the coupons a wholly cancelled order used, where their template says so. A coupon the shop applied but
 * Reel would refuse stays as it is, and the refusal goes into its ledger for the shop to see.
 * Coupons are not derived from events alone (the API changes them too), so `reel rebuild` leaves them.
 */
export function couponsProjection(): Projection {
  async function redeemFromEvent(tx: AnyDb, e: StoredEvent, coupon: string): Promise<void> {
    const orderId = e.properties.order_id
    if (typeof orderId !== 'string' || orderId === '') return
    const request = {
      coupon,
      customerId: e.customerId,
      orderId,
      orderTotal: numberOr(e.properties.total ?? e.properties.revenue),
      currency: typeof e.properties.currency === 'string' ? e.properties.currency : null,
      discount: numberOr(e.properties.discount),
    }
    try {
      await redeemCoupon(tx, request, e.occurredAt, 'shop')
    } catch (error) {
      if (!(error instanceof CouponError)) throw error
      const reason = isRefusal(error.code)
      if (!reason || reason === 'not_found') return // the shop's own coupon, not one of Reel's
      // The refusal names the coupon it read: no second read to find it.
      const couponId = error.details?.couponId
      if (typeof couponId === 'string')
        await recordRefusedRedemption(tx, couponId, reason, orderId, e.customerId, e.occurredAt)
    }
  }

  return {
    name: 'coupons',
    async apply(tx, events) {
      for (const e of events) {
        if (e.event === 'Coupon Applied' || e.event === 'Order Completed') {
          const coupon = reelCouponOf(e)
          if (coupon) await redeemFromEvent(tx, e, coupon)
        } else if (e.event === 'Order Cancelled' && typeof e.properties.order_id === 'string') {
          const cancelled = numberOr(e.properties.total)
          await releaseCouponsOfOrder(
            tx,
            e.properties.order_id,
            e.customerId,
            e.occurredAt,
            'shop',
            cancelled,
          )
        }
      }
    },
    async merge() {
      // Coupons belong to members only; an anonymous visitor's merge moves none.
    },
    async reset() {
      // Not derived from the log: nothing to reset.
    },
  }
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { CouponError, refusalError } from './errors.js'
import { normaliseCode } from './ids.js'
import type { CouponsTables } from './migrations.js'
import {
  discountOn,
  minorUnits,
  type RedemptionAttempt,
  type RedemptionRefusal,
  redemptionRefusal,
} from './rules.js'
import { type Coupon, toCoupon } from './views.js'

type CouponRow = CouponsTables['coupons']

export interface RedeemRequest extends Omit<RedemptionAttempt, 'at'> {
  /** The coupon's code as typed, or its id. */
  coupon: string
  /** The discount the shop gave, when it says (events); else Reel works it out from the order total. */
  discount?: number | null
}

export interface Redemption {
  coupon: Coupon
  discount: number | null
  /** The coupon was already redeemed on this order: nothing changed, the first answer is repeated. */
  repeated: boolean
}

/** `where` for a coupon named by code or id. */
function couponNamed(coupon: string) {
  return coupon.startsWith('cpn_') ? sql`id = ${coupon}` : sql`code = ${normaliseCode(coupon)}`
}

async function findCoupon(db: AnyDb, coupon: string): Promise<CouponRow | undefined> {
  const result = await sql<CouponRow>`select * from coupons where ${couponNamed(coupon)}`.execute(db)
  return result.rows[0]
}

/** Why a coupon cannot be redeemed on this order (null when it can), read without changing anything. */
export async function checkRedemption(
  db: AnyDb,
  request: RedeemRequest,
  now: Date,
): Promise<{ coupon: Coupon | null; refusal: RedemptionRefusal | null; discount: number | null }> {
  const row = await findCoupon(db, request.coupon)
  if (!row) return { coupon: null, refusal: 'not_found', discount: null }
  const coupon = toCoupon(row)
  const refusal = redemptionRefusal(
    { ...coupon, expiresAt: row.expires_at, currency: row.currency, redeemedOrderId: row.redeemed_order_id },
    { ...request, at: now },
  )
  const discount =
    refusal || request.orderTotal === null
      ? null
      : discountOn(coupon.discount, request.orderTotal, request.currency)
  return { coupon, refusal, discount }
}

/**
 * Redeems a coupon on an order, at most once: one conditional update takes it from `issued` to
 * `redeemed` and writes the ledger row in the same statement, so of any number of racing requests one
 * wins. A refused request says why; redeeming again on the same order repeats the first answer.
 */
export async function redeemCoupon(
  db: AnyDb,
  request: RedeemRequest,
  now: Date,
  actor: string,
): Promise<Redemption> {
  const scale = minorUnits(request.currency)
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await sql<CouponRow>`
      with r as (
        update coupons set state = 'redeemed', redeemed_order_id = ${request.orderId}, redeemed_at = ${now},
          order_total = ${request.orderTotal},
          discount_given = coalesce(${request.discount ?? null}::numeric, case
            when discount_type = 'amount' then least(amount, coalesce(${request.orderTotal}::numeric, amount))
            when ${request.orderTotal}::numeric is null then null
            else least(round(${request.orderTotal}::numeric * percent / 100, ${scale}::int),
                       coalesce(max_discount, 'Infinity'::numeric))
          end),
          updated_at = ${now}
        where ${couponNamed(request.coupon)} and state = 'issued' and owner_id = ${request.customerId}
          and expires_at > ${now}
          and (${request.orderTotal}::numeric is null or min_order <= ${request.orderTotal}::numeric)
          and (currency is null or ${request.currency}::text is null or currency = ${request.currency}::text)
        returning *
      ), ledger as (
        insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, order_id,
          actor, details)
        select id, ${now}, 'redeemed', 'issued', 'redeemed', owner_id, owner_id, redeemed_order_id, ${actor},
          jsonb_build_object('discount', discount_given, 'orderTotal', order_total)
        from r
      )
      select * from r`.execute(db)
    const redeemed = result.rows[0]
    if (redeemed) {
      const coupon = toCoupon(redeemed)
      return { coupon, discount: coupon.discountGiven, repeated: false }
    }
    const check = await checkRedemption(db, request, now)
    if (check.refusal)
      throw refusalError(check.refusal, {
        coupon: request.coupon,
        orderId: request.orderId,
        couponId: check.coupon?.id ?? null,
      })
    if (check.coupon?.state === 'redeemed')
      return { coupon: check.coupon, discount: check.coupon.discountGiven, repeated: true }
    // It became redeemable between the update and the read (a gift came back): try again.
  }
  throw new CouponError('REEL_ERR_COUPON_GIFT_PENDING', 'The coupon kept changing hands; try again')
}

/**
 * Gives back the coupons an order used when the whole order is cancelled (no cancelled amount given,
 * or at least the order's total), where their template says so: redeemed → issued again (an expired
 * one is expired by the next maintenance pass). Returns them.
 */
export async function releaseCouponsOfOrder(
  db: AnyDb,
  orderId: string,
  customerId: string,
  now: Date,
  actor: string,
  cancelledAmount: number | null = null,
): Promise<Coupon[]> {
  const result = await sql<CouponRow>`
    with r as (
      update coupons set state = 'issued', redeemed_order_id = null, redeemed_at = null, discount_given = null,
        order_total = null, updated_at = ${now}
      where redeemed_order_id = ${orderId} and owner_id = ${customerId} and state = 'redeemed' and release_on_cancel
        and (${cancelledAmount}::numeric is null or order_total is null or ${cancelledAmount}::numeric >= order_total)
      returning *
    ), ledger as (
      insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, order_id,
        actor, details)
      select id, ${now}, 'released', 'redeemed', 'issued', owner_id, owner_id, ${orderId}, ${actor}, '{}'::jsonb from r
    )
    select * from r`.execute(db)
  return result.rows.map(toCoupon)
}

/**
 * Records that the shop applied a coupon Reel would have refused (a `Coupon Applied` event): the
 * coupon does not change; the ledger keeps the attempt so the shop can see it.
 */
export async function recordRefusedRedemption(
  db: AnyDb,
  couponId: string,
  reason: RedemptionRefusal,
  orderId: string,
  customerId: string,
  now: Date,
): Promise<void> {
  await sql`
    insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, order_id, actor,
      details)
    select id, ${now}, 'redemption_refused', state, state, owner_id, owner_id, ${orderId}, 'shop',
      jsonb_build_object('reason', ${reason}::text, 'customerId', ${customerId}::text)
    from coupons where id = ${couponId}`.execute(db)
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { CouponError, refusalError } from './errors.js'
import type { CouponsTables } from './migrations.js'
import { type Coupon, toCoupon } from './views.js'

type CouponRow = CouponsTables['coupons']

/** Voids an issued or gift-pending coupon (a pending gift is cancelled with it); redeemed ones stay. */
export async function voidCoupon(db: AnyDb, couponId: string, reason: string, now: Date): Promise<Coupon> {
  const result = await sql<CouponRow>`
    with before as (
      select id, state, pending_gift_id from coupons
      where id = ${couponId} and state in ('issued', 'gift_pending') for update
    ), c as (
      update coupons set state = 'void', pending_gift_id = null, updated_at = ${now}
      from before where coupons.id = before.id
      returning coupons.*, before.state as state_before, before.pending_gift_id as gift_before
    ), g as (
      update coupon_gifts set state = 'cancelled', resolved_at = ${now}
      from c where coupon_gifts.id = c.gift_before and coupon_gifts.state = 'pending'
    ), ledger as (
      insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, gift_id,
        actor, details)
      select c.id, ${now}, 'voided', c.state_before, 'void', c.owner_id, c.owner_id, c.gift_before, 'api',
        jsonb_build_object('reason', ${reason}::text)
      from c
    )
    select * from c`.execute(db)
  const row = result.rows[0]
  if (row) return toCoupon(row)
  const existing = (await sql<CouponRow>`select * from coupons where id = ${couponId}`.execute(db)).rows[0]
  if (!existing) throw refusalError('not_found')
  if (existing.state === 'void') return toCoupon(existing)
  throw new CouponError('REEL_ERR_COUPON_NOT_ISSUED', `A ${existing.state} coupon cannot be voided`)
}

/** Coupons past their expiry become `expired`, `limit` at a time, skipping those a request holds. */
export async function expireCoupons(db: AnyDb, now: Date, limit = 5000): Promise<number> {
  const result = await sql<{ id: string }>`
    with due as (
      select id from coupons where state = 'issued' and expires_at <= ${now} limit ${limit} for update skip locked
    ), c as (
      update coupons set state = 'expired', updated_at = ${now} from due where coupons.id = due.id
      returning coupons.id, coupons.owner_id
    ), ledger as (
      insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, actor,
        details)
      select id, ${now}, 'expired', 'issued', 'expired', owner_id, owner_id, 'worker', '{}'::jsonb from c
    )
    select id from c`.execute(db)
  return result.rows.length
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { afterCursor, cursorOf } from './cursor.js'
import { normaliseCode } from './ids.js'
import type { CouponsTables } from './migrations.js'
import type { CouponState } from './rules.js'
import { type Coupon, toCoupon } from './views.js'

type CouponRow = CouponsTables['coupons']

/** A coupon by id (`cpn_…`) or code, or undefined. */
export async function findCoupon(db: AnyDb, idOrCode: string): Promise<Coupon | undefined> {
  const where = idOrCode.startsWith('cpn_') ? sql`id = ${idOrCode}` : sql`code = ${normaliseCode(idOrCode)}`
  const result = await sql<CouponRow>`select * from coupons where ${where}`.execute(db)
  const row = result.rows[0]
  return row ? toCoupon(row) : undefined
}

export interface CouponFilter {
  ownerId?: string | undefined
  state?: CouponState | undefined
  templateId?: string | undefined
  /** The `next` of the previous page. */
  after?: string | undefined
  limit: number
}

/** Coupons, newest first, one page at a time (the cursor is the last coupon's issue time and id). */
export async function listCoupons(
  db: AnyDb,
  filter: CouponFilter,
): Promise<{ coupons: Coupon[]; next: string | null }> {
  const conditions = [sql`true`]
  if (filter.ownerId) conditions.push(sql`owner_id = ${filter.ownerId}`)
  if (filter.state) conditions.push(sql`state = ${filter.state}`)
  if (filter.templateId) conditions.push(sql`template_id = ${filter.templateId}`)
  if (filter.after) conditions.push(afterCursor('issued_at', filter.after))
  const result = await sql<CouponRow>`
    select * from coupons where ${sql.join(conditions, sql` and `)}
    order by issued_at desc, id desc limit ${filter.limit + 1}`.execute(db)
  const page = result.rows.slice(0, filter.limit)
  const last = page.at(-1)
  return {
    coupons: page.map(toCoupon),
    next: result.rows.length > filter.limit && last ? cursorOf(last.issued_at, last.id) : null,
  }
}

/** The coupons a customer holds now and those that ended in the last 90 days, soonest to expire first. */
export async function couponsOfOwner(db: AnyDb, ownerId: string, now: Date): Promise<Coupon[]> {
  const result = await sql<CouponRow>`
    select * from coupons
    where owner_id = ${ownerId}
      and (state in ('issued', 'gift_pending') or updated_at > ${new Date(now.getTime() - 90 * 86_400_000)})
    order by state in ('issued', 'gift_pending') desc, expires_at, id
    limit 500`.execute(db)
  return result.rows.map(toCoupon)
}

/** The discount each of these coupons gave, for those redeemed: on which order, how much, when. */
export async function redeemedDiscounts(
  db: AnyDb,
  couponIds: readonly string[],
): Promise<
  Array<{ couponId: string; orderId: string; discount: number; currency: string | null; redeemedAt: Date }>
> {
  if (couponIds.length === 0) return []
  const result = await sql<{
    id: string
    redeemed_order_id: string
    discount_given: string | null
    currency: string | null
    redeemed_at: Date
  }>`
    select id, redeemed_order_id, discount_given, currency, redeemed_at from coupons
    where id = any(${[...couponIds]}::text[]) and state = 'redeemed'`.execute(db)
  return result.rows.map((r) => ({
    couponId: r.id,
    orderId: r.redeemed_order_id,
    discount: Number(r.discount_given ?? 0),
    currency: r.currency,
    redeemedAt: r.redeemed_at,
  }))
}

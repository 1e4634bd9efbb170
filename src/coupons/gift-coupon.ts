import { type RawBuilder, sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { afterCursor, cursorOf } from './cursor.js'
import { CouponError, refusalError } from './errors.js'
import { claimToken, newCouponCode, newId, retryOnCodeClash, tokenHash } from './ids.js'
import type { CouponsTables } from './migrations.js'
import type { GiftState } from './rules.js'
import { type Gift, toGift } from './views.js'

type CouponRow = CouponsTables['coupons']
type GiftRow = CouponsTables['coupon_gifts']

export interface GiftRequest {
  couponId: string
  giverId: string
  /** The member it is for (found by e-mail or phone); null makes a claim link anyone may take. */
  receiverId: string | null
  sentTo: string | null
  message: string | null
  /** How long the receiver has to claim it (never past the coupon's own expiry). */
  claimDays: number
}

/** Why this coupon cannot be gifted by this member now. */
function giftRefusal(row: CouponRow | undefined, giverId: string, now: Date): CouponError {
  if (!row) return refusalError('not_found')
  if (row.owner_id !== giverId) return refusalError('not_owner')
  if (row.state === 'gift_pending') return refusalError('gift_pending')
  if (row.state === 'expired' || row.expires_at <= now) return refusalError('expired')
  if (row.state !== 'issued')
    return new CouponError('REEL_ERR_COUPON_NOT_ISSUED', `The coupon is ${row.state}`)
  return new CouponError(
    'REEL_ERR_COUPON_NOT_GIFTABLE',
    row.giftable && row.max_gift_hops > 0
      ? `The coupon was already gifted ${row.hops} time(s), its limit`
      : 'This coupon cannot be gifted',
  )
}

/**
 * Puts a coupon in `gift_pending` for a member or a claim link: the giver can no longer redeem it until
 * the gift is claimed (owner changes), declined, cancelled or expires (it comes back). One statement, so
 * a racing redemption or second gift either wins before it or is refused after it.
 */
export async function giftCoupon(
  db: AnyDb,
  request: GiftRequest,
  now: Date,
  secret: string,
): Promise<{ gift: Gift; token: string }> {
  if (request.receiverId === request.giverId)
    throw new CouponError('REEL_ERR_GIFT_TO_SELF', 'A member cannot gift a coupon to themselves')
  const giftId = newId('gft_')
  const token = claimToken(secret, giftId)
  const claimUntil = new Date(now.getTime() + request.claimDays * 86_400_000)
  const result = await sql<GiftRow>`
    with c as (
      update coupons set state = 'gift_pending', pending_gift_id = ${giftId}, updated_at = ${now}
      where id = ${request.couponId} and owner_id = ${request.giverId} and state = 'issued' and giftable
        and hops < max_gift_hops and expires_at > ${now}
      returning id, owner_id, hops, expires_at
    ), g as (
      insert into coupon_gifts (id, coupon_id, giver_id, receiver_id, sent_to, message, state, token_hash, hop,
        created_at, claim_expires_at)
      select ${giftId}, c.id, c.owner_id, ${request.receiverId}, ${request.sentTo}, ${request.message}, 'pending',
        ${tokenHash(token)}, c.hops + 1, ${now}, least(${claimUntil}::timestamptz, c.expires_at)
      from c
      returning *
    ), ledger as (
      insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, gift_id,
        actor, details)
      select c.id, ${now}, 'gift_sent', 'issued', 'gift_pending', c.owner_id, c.owner_id, ${giftId}, 'customer',
        jsonb_build_object('receiverId', ${request.receiverId}::text, 'hop', c.hops + 1)
      from c
    )
    select * from g`.execute(db)
  const gift = result.rows[0]
  if (gift) return { gift: toGift(gift), token }
  const row = (await sql<CouponRow>`select * from coupons where id = ${request.couponId}`.execute(db)).rows[0]
  throw giftRefusal(row, request.giverId, now)
}

/** How a pending gift ends, and what that does to its coupon. */
export type Resolution =
  /** `viaLink`: claimed through the claim link, which anyone holding it may use for a gift to nobody in particular. */
  | { outcome: 'claimed'; by: string; joinedThrough: boolean; viaLink: boolean }
  | { outcome: 'declined' }
  | { outcome: 'cancelled'; by: string }

/**
 * Ends a pending gift. The coupon row is locked first (as every coupon change does), its `pending_gift_id`
 * must still name this gift, so a gift is claimed, declined or cancelled at most once: racing requests
 * find it resolved. A claim moves the coupon to the claimer; the others give it back to the giver.
 */
export async function resolveGift(
  db: AnyDb,
  giftId: string,
  resolution: Resolution,
  now: Date,
): Promise<Gift> {
  const claim = resolution.outcome === 'claimed' ? resolution : null
  // A claimed coupon gets a new code: the giver knew the old one.
  const newCode = () => (claim ? sql`${newCouponCode()}::text` : sql`coupons.code`)
  const newOwner = claim ? sql`${claim.by}::text` : sql`coupons.owner_id`
  const allowed: RawBuilder<unknown> = claim
    ? sql`and exists (select 1 from coupon_gifts g where g.id = ${giftId} and g.claim_expires_at > ${now}
            and (g.receiver_id = ${claim.by} or (${claim.viaLink}::boolean and g.receiver_id is null))
            and g.giver_id <> ${claim.by})`
    : resolution.outcome === 'cancelled'
      ? sql`and owner_id = ${resolution.by}`
      : sql``
  const action = `gift_${resolution.outcome}`
  const statement = () =>
    sql<GiftRow>`
    with before as (
      select id, owner_id from coupons
      where id = (select coupon_id from coupon_gifts where id = ${giftId}) and state = 'gift_pending'
        and pending_gift_id = ${giftId} ${allowed}
      for update
    ), c as (
      update coupons set state = 'issued', pending_gift_id = null, owner_id = ${newOwner}, code = ${newCode()},
        hops = coupons.hops + ${claim ? 1 : 0}, owned_since = ${claim ? now : sql`coupons.owned_since`},
        expiry_signalled_at = ${claim ? null : sql`coupons.expiry_signalled_at`}, updated_at = ${now}
      from before where coupons.id = before.id and coupons.state = 'gift_pending' and coupons.pending_gift_id = ${giftId}
      returning coupons.id, coupons.owner_id, before.owner_id as owner_before
    ), g as (
      update coupon_gifts set state = ${resolution.outcome}, resolved_at = ${now}, claimed_by = ${claim?.by ?? null},
        joined_through = ${claim?.joinedThrough ?? false}
      from c where coupon_gifts.id = ${giftId}
      returning coupon_gifts.*
    ), ledger as (
      insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, gift_id,
        actor, details)
      select c.id, ${now}, ${action}, 'gift_pending', 'issued', c.owner_before, c.owner_id, ${giftId}, 'customer',
        jsonb_build_object('joinedThrough', ${claim?.joinedThrough ?? false}::boolean, 'newCode', ${claim !== null}::boolean)
      from c
    )
    select * from g`.execute(db)
  const result = await retryOnCodeClash(db, statement)
  const resolved = result.rows[0]
  if (resolved) return toGift(resolved)
  throw await resolutionRefusal(db, giftId, resolution, now)
}

async function resolutionRefusal(
  db: AnyDb,
  giftId: string,
  resolution: Resolution,
  now: Date,
): Promise<CouponError> {
  const gift = await giftById(db, giftId)
  if (!gift) return new CouponError('REEL_ERR_GIFT_NOT_FOUND', `No gift ${giftId}`)
  if (gift.state !== 'pending')
    return new CouponError('REEL_ERR_GIFT_NOT_PENDING', `The gift was already ${gift.state}`, {
      state: gift.state,
    })
  if (resolution.outcome === 'cancelled' && gift.giver_id !== resolution.by)
    return new CouponError('REEL_ERR_GIFT_NOT_FOR_YOU', 'Only the giver can take a gift back')
  if (resolution.outcome === 'claimed') {
    if (gift.giver_id === resolution.by)
      return new CouponError(
        'REEL_ERR_GIFT_TO_SELF',
        'The giver cannot claim their own gift; cancel it instead',
      )
    if (gift.receiver_id !== null && gift.receiver_id !== resolution.by)
      return new CouponError('REEL_ERR_GIFT_NOT_FOR_YOU', 'This gift is for another member')
    if (gift.receiver_id === null && !resolution.viaLink)
      return new CouponError('REEL_ERR_GIFT_NOT_FOR_YOU', 'This gift is claimed through its link')
    if (gift.claim_expires_at <= now)
      return new CouponError('REEL_ERR_GIFT_NOT_PENDING', 'The time to claim this gift is over', {
        state: 'expired',
      })
  }
  return new CouponError('REEL_ERR_GIFT_NOT_PENDING', 'The gift is being resolved by another request; reload')
}

/**
 * Claims whose time is over give their coupon back to the giver (`gift_expired`), `limit` at a time;
 * coupons being changed by a request are skipped and caught on the next pass. Returns the gifts.
 */
export async function expireGifts(db: AnyDb, now: Date, limit = 1000): Promise<Gift[]> {
  const result = await sql<GiftRow>`
    with due as (
      select c.id, c.owner_id, c.pending_gift_id from coupons c
      join coupon_gifts g on g.id = c.pending_gift_id
      where c.state = 'gift_pending' and g.state = 'pending' and g.claim_expires_at <= ${now}
      limit ${limit}
      for update of c skip locked
    ), c as (
      update coupons set state = 'issued', pending_gift_id = null, updated_at = ${now}
      from due where coupons.id = due.id
      returning coupons.id, coupons.owner_id, due.pending_gift_id as gift_id
    ), g as (
      update coupon_gifts set state = 'expired', resolved_at = ${now} from c where coupon_gifts.id = c.gift_id
      returning coupon_gifts.*
    ), ledger as (
      insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, gift_id,
        actor, details)
      select c.id, ${now}, 'gift_expired', 'gift_pending', 'issued', c.owner_id, c.owner_id, c.gift_id, 'worker',
        '{}'::jsonb
      from c
    )
    select * from g`.execute(db)
  return result.rows.map(toGift)
}

/** A gift by id, or undefined. */
export async function giftById(db: AnyDb, giftId: string): Promise<GiftRow | undefined> {
  const result = await sql<GiftRow>`select * from coupon_gifts where id = ${giftId}`.execute(db)
  return result.rows[0]
}

/** A gift by its claim token (the link's secret), or undefined. */
export async function giftByToken(db: AnyDb, token: string): Promise<GiftRow | undefined> {
  const result =
    await sql<GiftRow>`select * from coupon_gifts where token_hash = ${tokenHash(token)}`.execute(db)
  return result.rows[0]
}

/** Gifts filtered by who gave or got them, or by state, newest first. */
export async function listGifts(
  db: AnyDb,
  filter: {
    giverId?: string
    receiverId?: string
    couponId?: string
    state?: GiftState
    /** Only gifts that can still be claimed at this time (pending, claim time not over). */
    claimableAt?: Date
    /** The `next` of the previous page (see giftPage). */
    after?: string
    limit: number
  },
): Promise<Gift[]> {
  const conditions = [sql`true`]
  if (filter.giverId) conditions.push(sql`giver_id = ${filter.giverId}`)
  if (filter.receiverId)
    conditions.push(sql`(receiver_id = ${filter.receiverId} or claimed_by = ${filter.receiverId})`)
  if (filter.couponId) conditions.push(sql`coupon_id = ${filter.couponId}`)
  if (filter.state) conditions.push(sql`state = ${filter.state}`)
  if (filter.claimableAt) conditions.push(sql`state = 'pending' and claim_expires_at > ${filter.claimableAt}`)
  if (filter.after) conditions.push(afterCursor('created_at', filter.after))
  const result = await sql<GiftRow>`
    select * from coupon_gifts where ${sql.join(conditions, sql` and `)}
    order by created_at desc, id desc limit ${filter.limit}`.execute(db)
  return result.rows.map(toGift)
}

/** One page of gifts, newest first, and the cursor of the next page (null on the last). */
export async function giftPage(
  db: AnyDb,
  filter: Parameters<typeof listGifts>[1],
): Promise<{ gifts: Gift[]; next: string | null }> {
  const rows = await listGifts(db, { ...filter, limit: filter.limit + 1 })
  const gifts = rows.slice(0, filter.limit)
  const last = gifts.at(-1)
  return {
    gifts,
    next: rows.length > filter.limit && last ? cursorOf(new Date(last.createdAt), last.id) : null,
  }
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { CouponsTables } from './migrations.js'
import { type Coupon, type Gift, toCoupon } from './views.js'

/** What happened to a gift: it was sent, or it ended (claimed, declined, taken back, not claimed in time). */
export const GIFT_EVENT_KINDS = ['sent', 'claimed', 'declined', 'cancelled', 'expired'] as const
export type GiftEventKind = (typeof GIFT_EVENT_KINDS)[number]

/** A gift's change, with the gift and its coupon as the change left them. */
export interface GiftEvent {
  kind: GiftEventKind
  gift: Gift
  coupon: Coupon
  /** The claim link of a gift just sent (anyone holding it may claim: it goes only to the address given). */
  claimUrl: string | null
}

/**
 * Hears of gift changes inside the transaction that makes them (the composition root wires the gift
 * notices to it), so what it stores commits or rolls back with the change.
 */
export type GiftListener = (tx: AnyDb, events: readonly GiftEvent[]) => Promise<void>

/** Tells the listener of changes to these gifts, each with its coupon read in the same transaction. */
export async function tellGiftEvents(
  tx: AnyDb,
  listener: GiftListener,
  kind: GiftEventKind,
  gifts: readonly Gift[],
  claimUrl: (giftId: string) => string | null = () => null,
): Promise<void> {
  if (gifts.length === 0) return
  const ids = [...new Set(gifts.map((g) => g.couponId))]
  const rows = await sql<CouponsTables['coupons']>`
    select * from coupons where id = any(${ids}::text[])`.execute(tx)
  const coupons = new Map(rows.rows.map((r) => [r.id, toCoupon(r)]))
  await listener(
    tx,
    gifts.flatMap((gift) => {
      const coupon = coupons.get(gift.couponId)
      return coupon ? [{ kind, gift, coupon, claimUrl: claimUrl(gift.id) }] : []
    }),
  )
}

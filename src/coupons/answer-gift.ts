import type { CouponsContext } from './context.js'
import { CouponError } from './errors.js'
import { giftById, giftByToken, type Resolution, resolveGift } from './gift-coupon.js'
import { type GiftEventKind, tellGiftEvents } from './gift-events.js'
import type { Gift } from './views.js'

const KIND_OF: Record<Resolution['outcome'], GiftEventKind> = {
  claimed: 'claimed',
  declined: 'declined',
  cancelled: 'cancelled',
}

/** Ends a pending gift and tells of it, in one transaction: the notice goes only if the change commits. */
function resolveTold(
  { db, deps, clock }: CouponsContext,
  giftId: string,
  resolution: Resolution,
): Promise<Gift> {
  return db.transaction().execute(async (tx) => {
    const gift = await resolveGift(tx, giftId, resolution, clock())
    await tellGiftEvents(tx, deps.onGiftEvents, KIND_OF[resolution.outcome], [gift])
    return gift
  })
}

/** A member accepts a gift addressed to them. */
export function acceptGift(context: CouponsContext, giftId: string, customerId: string): Promise<Gift> {
  return resolveTold(context, giftId, {
    outcome: 'claimed',
    by: customerId,
    joinedThrough: false,
    viaLink: false,
  })
}

/** The receiver (or, for a link gift, anyone holding the link: `customerId` null) says no. */
export async function declineGift(
  context: CouponsContext,
  giftId: string,
  customerId: string | null,
): Promise<Gift> {
  if (customerId !== null) {
    const gift = await giftById(context.db, giftId)
    if (!gift) throw new CouponError('REEL_ERR_GIFT_NOT_FOUND', `No gift ${giftId}`)
    if (gift.receiver_id !== customerId)
      throw new CouponError('REEL_ERR_GIFT_NOT_FOR_YOU', 'This gift is not addressed to you')
  }
  return resolveTold(context, giftId, { outcome: 'declined' })
}

/** The giver takes a pending gift back. */
export function cancelGift(context: CouponsContext, giftId: string, giverId: string): Promise<Gift> {
  return resolveTold(context, giftId, { outcome: 'cancelled', by: giverId })
}

/** Whoever holds the claim link says no: the coupon goes back to its giver. */
export async function declineByToken(context: CouponsContext, token: string): Promise<Gift> {
  const row = await giftByToken(context.db, token)
  if (!row) throw new CouponError('REEL_ERR_GIFT_NOT_FOUND', 'This gift link is not valid')
  return resolveTold(context, row.id, { outcome: 'declined' })
}

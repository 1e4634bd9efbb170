import type { CouponsContext } from './context.js'
import { CouponError } from './errors.js'
import { giftCoupon } from './gift-coupon.js'
import { tellGiftEvents } from './gift-events.js'
import type { GiftRecipient, SentGift } from './gift-types.js'

export interface SendGiftRequest {
  couponId: string
  giverId: string
  to: GiftRecipient
  message?: string | null | undefined
}

async function recipientId(
  { deps, db }: CouponsContext,
  to: GiftRecipient,
): Promise<{ receiverId: string | null; sentTo: string | null }> {
  if ('link' in to) return { receiverId: null, sentTo: null }
  if ('customerId' in to) {
    const members = await deps.membersAmong(db, [to.customerId])
    if (!members.has(to.customerId))
      throw new CouponError('REEL_ERR_COUPON_NOT_A_MEMBER', `${to.customerId} is not a member`)
    return { receiverId: to.customerId, sentTo: null }
  }
  // A friend who is not a member yet gets a claim link addressed to them: they join when they claim.
  const receiverId = (await deps.findMemberByContact(db, to)) ?? null
  return { receiverId, sentTo: 'email' in to ? to.email : to.phone }
}

/** A member gives a coupon away; the receiver hears of it in the gift's transaction. */
export async function sendGift(context: CouponsContext, request: SendGiftRequest): Promise<SentGift> {
  const { db, deps, clock, settings } = context
  const { receiverId, sentTo } = await recipientId(context, request.to)
  const giftRequest = {
    couponId: request.couponId,
    giverId: request.giverId,
    receiverId,
    sentTo,
    message: request.message ?? null,
    claimDays: settings.giftClaimDays,
  }
  const gift = await db.transaction().execute(async (tx) => {
    const { gift } = await giftCoupon(tx, giftRequest, clock(), deps.secret)
    await tellGiftEvents(tx, deps.onGiftEvents, 'sent', [gift], context.claimUrl)
    return gift
  })
  return context.sent(gift)
}

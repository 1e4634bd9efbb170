import { createHash } from 'node:crypto'
import type { AnyDb } from '../db/index.js'
import type { CouponsContext } from './context.js'
import { CouponError } from './errors.js'
import { giftById, giftByToken, resolveGift } from './gift-coupon.js'
import { tellGiftEvents } from './gift-events.js'
import type { GiftOffer, LinkClaim } from './gift-types.js'
import { type Gift, toGift } from './views.js'
import { createWalletLink } from './wallet.js'

/** Who claims through the link, as they typed it on the claim page. */
export interface Claimer {
  email: string
  name: string
  phone?: string | undefined
}

/** The gift behind a claim link, for the claim page (undefined for an unknown token). */
export async function offerByToken(context: CouponsContext, token: string): Promise<GiftOffer | undefined> {
  const { db, deps } = context
  const row = await giftByToken(db, token)
  if (!row) return undefined
  const coupon = await context.mustFindCoupon(row.coupon_id)
  return { gift: toGift(row), coupon, giverName: await deps.displayNameOf(db, row.giver_id) }
}

/** Claims a link gift, or finds it already claimed by the same person (a double submit, a retry). */
async function claimOnce(
  { clock }: CouponsContext,
  tx: AnyDb,
  pending: Gift,
  customerId: string,
  joining: boolean,
): Promise<{ gift: Gift; repeated: boolean }> {
  if (pending.state === 'claimed' && pending.claimedBy === customerId)
    return { gift: pending, repeated: true }
  try {
    const claim = { outcome: 'claimed', by: customerId, joinedThrough: joining, viaLink: true } as const
    return { gift: await resolveGift(tx, pending.id, claim, clock()), repeated: false }
  } catch (error) {
    const now = await giftById(tx, pending.id)
    if (now?.state === 'claimed' && now.claimed_by === customerId)
      return { gift: toGift(now), repeated: true }
    throw error
  }
}

/** The newcomer's sign-up, in the claim's transaction: stored whole, or the claim rolls back with it. */
async function recordSignUp(
  { deps, clock }: CouponsContext,
  tx: AnyDb,
  customerId: string,
  person: Claimer,
  gift: Gift,
  couponKind: string,
): Promise<void> {
  const at = gift.resolvedAt ?? clock().toISOString()
  const traits = {
    email: person.email.trim(),
    name: person.name.trim(),
    ...(person.phone ? { phone: person.phone.trim() } : {}),
  }
  const result = await deps.ingest(
    [
      { type: 'identify', userId: customerId, traits, timestamp: at, messageId: `${customerId}-identify` },
      {
        type: 'track',
        event: 'Signed Up',
        userId: customerId,
        properties: { method: 'gift_claim', gift_id: gift.id, coupon_kind: couponKind },
        timestamp: at,
        messageId: `${customerId}-signed-up`,
      },
    ],
    tx,
  )
  // A sign-up set aside in the quarantine would leave the coupon with an owner who has no profile.
  if (result.quarantined.length > 0)
    throw new Error(
      `The sign-up of ${customerId} was refused: ${result.quarantined.map((q) => `${q.field}: ${q.problem}`).join('; ')}`,
    )
}

/** Claims through the link: an existing member by e-mail gets it in their wallet; anyone else joins. */
export async function claimByToken(
  context: CouponsContext,
  token: string,
  person: Claimer,
): Promise<LinkClaim> {
  const { db, deps } = context
  const current = await offerByToken(context, token)
  if (!current) throw new CouponError('REEL_ERR_GIFT_NOT_FOUND', 'This gift link is not valid')
  const known = await deps.findMemberByContact(db, { email: person.email })
  // A newcomer's id comes from the gift and their e-mail, so a retried claim joins them once.
  const customerId =
    known ??
    `rl_${createHash('sha256').update(`${current.gift.id}|${person.email.trim().toLowerCase()}`).digest('hex').slice(0, 20)}`
  if (customerId === current.gift.giverId)
    throw new CouponError('REEL_ERR_GIFT_TO_SELF', 'The giver cannot claim their own gift')
  if (current.gift.receiverId !== null && current.gift.receiverId !== customerId)
    throw new CouponError('REEL_ERR_GIFT_NOT_FOR_YOU', 'This gift is for another member')
  // The claim and the newcomer's sign-up commit together or not at all: a sign-up that fails leaves
  // the gift pending and its link working.
  const claimed = await db.transaction().execute(async (tx) => {
    const { gift, repeated } = await claimOnce(context, tx, current.gift, customerId, !known)
    if (gift.joinedThrough && !repeated)
      await recordSignUp(context, tx, customerId, person, gift, current.coupon.kind)
    const walletUrl =
      gift.joinedThrough && !repeated ? (await createWalletLink(context, customerId, tx)).url : null
    if (!repeated) await tellGiftEvents(tx, deps.onGiftEvents, 'claimed', [gift])
    return { gift, repeated, walletUrl }
  })
  const { gift, repeated, walletUrl } = claimed
  const coupon = await context.mustFindCoupon(gift.couponId)
  return { gift, coupon, joined: gift.joinedThrough, repeated, walletUrl }
}

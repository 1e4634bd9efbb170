import type { AnyDb } from '../db/index.js'
import type { CouponsContext } from './context.js'
import { CouponError } from './errors.js'
import { listGifts } from './gift-coupon.js'
import type { SentGift } from './gift-types.js'
import { couponsOfOwner } from './queries.js'
import type { Coupon, Gift } from './views.js'
import { createWalletToken } from './wallet-tokens.js'

export interface Wallet {
  customerId: string
  coupons: Coupon[]
  /** Gifts from other members waiting for this customer to accept or decline. */
  incomingGifts: Array<Gift & { coupon: Coupon; giverName: string | null }>
  sentGifts: SentGift[]
}

/** A member's wallet: their coupons, the gifts waiting for them and the gifts they sent. */
export async function memberWallet(context: CouponsContext, customerId: string): Promise<Wallet> {
  const { db, deps } = context
  const now = context.clock()
  const [coupons, incoming, sentGifts] = await Promise.all([
    couponsOfOwner(db, customerId, now),
    listGifts(db, { receiverId: customerId, claimableAt: now, limit: 100 }),
    listGifts(db, { giverId: customerId, limit: 50 }),
  ])
  const incomingGifts = await Promise.all(
    incoming.map(async (g) => ({
      ...g,
      coupon: await context.mustFindCoupon(g.couponId),
      giverName: await deps.displayNameOf(db, g.giverId),
    })),
  )
  return { customerId, coupons, incomingGifts, sentGifts: sentGifts.map(context.sent) }
}

/** A new wallet link for a member, in `tx` (the caller's transaction). */
export async function createWalletLink(
  { deps, clock, settings }: CouponsContext,
  customerId: string,
  tx: AnyDb,
): Promise<{ token: string; url: string; expiresAt: string }> {
  const members = await deps.membersAmong(tx, [customerId])
  if (!members.has(customerId))
    throw new CouponError('REEL_ERR_COUPON_NOT_A_MEMBER', `${customerId} is not a member`)
  const { token, expiresAt } = await createWalletToken(tx, customerId, clock(), settings.walletTokenDays)
  return { token, url: `${settings.publicUrl}/w/${token}`, expiresAt: expiresAt.toISOString() }
}

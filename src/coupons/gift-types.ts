import type { GiftState } from './rules.js'
import type { Coupon, Gift } from './views.js'

/** Who a gift goes to: a member (by id, e-mail or phone) or whoever opens the claim link. */
export type GiftRecipient = { customerId: string } | { email: string } | { phone: string } | { link: true }

export interface GiftFilter {
  giverId?: string
  receiverId?: string
  couponId?: string
  state?: GiftState
  limit: number
}

/** A gift as its giver sees it: with the claim link while it is pending. */
export type SentGift = Gift & { claimUrl: string | null }

/** What the claim page shows: the gift, the coupon, and the giver's name. */
export interface GiftOffer {
  gift: Gift
  coupon: Coupon
  giverName: string | null
}

/** The outcome of claiming through the link: who holds the coupon now and, for a newcomer, their wallet. */
export interface LinkClaim {
  gift: Gift
  coupon: Coupon
  /** The claimer was not a member: they joined through this gift and may see the code. */
  joined: boolean
  /** The same person had claimed it already (a double submit): nothing changed. */
  repeated: boolean
  /** A link to the new member's wallet (only for a newcomer: an existing member's wallet is theirs to open). */
  walletUrl: string | null
}

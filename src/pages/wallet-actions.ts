import type { Gift } from '../coupons/index.js'
import {
  CouponError,
  type Coupons,
  type GiftRecipient,
  type SentGift,
  type Wallet,
} from '../coupons/index.js'

/** What a wallet token lets its holder do: always as the member it opens, never as anyone named in a request. */
export interface WalletActions {
  customerId: string
  wallet(): Promise<Wallet>
  gift(couponId: string, to: GiftRecipient, message: string | null): Promise<SentGift>
  accept(giftId: string): Promise<Gift>
  decline(giftId: string): Promise<Gift>
  cancel(giftId: string): Promise<Gift>
}

/** The coupon operations a wallet acts through. */
export type WalletCoupons = Pick<
  Coupons,
  'wallet' | 'gift' | 'listGifts' | 'acceptGift' | 'declineGift' | 'cancelGift'
>

/** The wallet actions of one member (shared by the wallet page and the wallet API). */
export function walletActions(coupons: WalletCoupons, customerId: string): WalletActions {
  return {
    customerId,
    wallet: () => coupons.wallet(customerId),
    gift: (couponId, to, message) => coupons.gift({ couponId, giverId: customerId, to, message }),
    async accept(giftId) {
      // The service lets any member accept a link gift by its id; a link gift is taken through its link
      // (the secret), so the wallet accepts only gifts addressed to this member. Others' gifts and unknown
      // ids answer the same, so the answer tells nothing about gifts that are not yours.
      const mine = await coupons.listGifts({ receiverId: customerId, limit: 1000 })
      if (!mine.some((g) => g.id === giftId && g.receiverId === customerId))
        throw new CouponError('REEL_ERR_GIFT_NOT_FOUND', 'No gift for you with this id')
      return coupons.acceptGift(giftId, customerId)
    },
    decline: (giftId) => coupons.declineGift(giftId, customerId),
    cancel: (giftId) => coupons.cancelGift(giftId, customerId),
  }
}

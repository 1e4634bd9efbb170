/** How the coupon wallet behaves; every field is an environment variable (README, configuration). */
export interface CouponSettings {
  /** Where customers reach Reel's pages: claim links and wallet links start with it. */
  publicUrl: string
  /** Days a receiver has to claim a gift (never past the coupon's own expiry). */
  giftClaimDays: number
  /** Days a wallet link stays valid. */
  walletTokenDays: number
  /** The radar's coupon_expiring_unused fires this many days before an unused coupon expires… */
  expiringNoticeDays: number
  /** …when the coupon is worth at least this (its amount, or a percent coupon's cap), in its currency. */
  expiringMinValue: number
  /** How often expiries, birthday coupons and expiring-coupon signals are worked out (ms). */
  tickMs: number
}

export const DEFAULT_COUPON_SETTINGS: CouponSettings = {
  publicUrl: 'http://localhost:8080',
  giftClaimDays: 7,
  walletTokenDays: 30,
  expiringNoticeDays: 7,
  expiringMinValue: 10,
  tickMs: 60_000,
}

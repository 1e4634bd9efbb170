/** Coupons: templates, issuing, redemption, gifts between members, the wallet and their figures. */

export type { Claimer } from './claim-by-link.js'
export type { CouponsDeps } from './context.js'
export { CouponError, type CouponErrorCode } from './errors.js'
export type { GiftChain } from './gift-chain.js'
export { GIFT_EVENT_KINDS, type GiftEvent, type GiftEventKind, type GiftListener } from './gift-events.js'
export type { GiftFilter, GiftOffer, GiftRecipient, LinkClaim, SentGift } from './gift-types.js'
export type { IssueRequest } from './issue-to-members.js'
export type { LedgerAudit, LedgerEntry } from './ledger.js'
export type { MaintenanceResult } from './maintenance.js'
export { couponsMigrations } from './migrations.js'
export { type CouponFilter, redeemedDiscounts } from './queries.js'
export type { RedeemRequest, Redemption } from './redeem-coupon.js'
export {
  COUPON_KINDS,
  COUPON_STATES,
  type CouponKind,
  type CouponState,
  type Discount,
  GIFT_STATES,
  type GiftState,
  minorUnits,
  REDEMPTION_REFUSALS,
  type RedemptionRefusal,
} from './rules.js'
export type { SendGiftRequest } from './send-gift.js'
export { type Coupons, createCoupons } from './service.js'
export { type CouponSettings, DEFAULT_COUPON_SETTINGS } from './settings.js'
export type { TemplateFigures } from './template-figures.js'
export { type TemplateInput, templateInputSchema } from './templates.js'
export type { Coupon, CouponTemplate, Gift } from './views.js'
export type { Money, ViralFigures, ViralReport } from './viral-figures.js'
export type { Wallet } from './wallet.js'

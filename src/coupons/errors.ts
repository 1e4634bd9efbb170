import { ReelError } from '../errors/index.js'
import type { RedemptionRefusal } from './rules.js'

/** The coupon module's refusals; each is in the one error registry (src/errors), which gives its status. */
export type CouponErrorCode =
  | `REEL_ERR_COUPON_${Uppercase<RedemptionRefusal>}`
  | 'REEL_ERR_COUPON_TEMPLATE_NOT_FOUND'
  | 'REEL_ERR_COUPON_TEMPLATE_ARCHIVED'
  | 'REEL_ERR_COUPON_NOT_GIFTABLE'
  | 'REEL_ERR_COUPON_NOT_ISSUED'
  | 'REEL_ERR_COUPON_NOT_A_MEMBER'
  | 'REEL_ERR_GIFT_NOT_FOUND'
  | 'REEL_ERR_GIFT_NOT_PENDING'
  | 'REEL_ERR_GIFT_TO_SELF'
  | 'REEL_ERR_GIFT_NOT_FOR_YOU'

/** A coupon operation that was refused, with a stable code and a message that says why. */
export class CouponError extends ReelError {
  declare readonly code: CouponErrorCode
  declare readonly details: Record<string, unknown> | undefined
  constructor(code: CouponErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details)
  }
}

const REFUSAL_MESSAGES: Record<RedemptionRefusal, string> = {
  not_found: 'No coupon has this code',
  not_owner: 'The coupon belongs to another customer',
  already_redeemed: 'The coupon was already redeemed on another order',
  gift_pending: 'The coupon is being gifted: it cannot be redeemed until the gift is claimed or returned',
  expired: 'The coupon has expired',
  void: 'The coupon was voided',
  below_minimum: 'The order is below the coupon’s minimum',
  currency_mismatch: 'The order is in another currency than the coupon',
}

/** The error for a refused redemption. */
export function refusalError(reason: RedemptionRefusal, details?: Record<string, unknown>): CouponError {
  return new CouponError(
    `REEL_ERR_COUPON_${reason.toUpperCase() as Uppercase<RedemptionRefusal>}`,
    REFUSAL_MESSAGES[reason],
    details,
  )
}

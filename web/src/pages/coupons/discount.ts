import type { Format } from '../../format'
import type { Discount } from './api'
import type { CouponStrings } from './strings'

/** A coupon's discount as the page shows it: the amount, or the percent with its cap. */
export function discountText(discount: Discount, s: CouponStrings, f: Format): string {
  if (discount.type === 'amount') return f.money({ currency: discount.currency, amount: discount.amount })
  const cap =
    discount.maxDiscount === null
      ? null
      : f.money({ currency: discount.currency, amount: discount.maxDiscount })
  return s.percentOff(f.number(discount.percent), cap)
}

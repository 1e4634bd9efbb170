import { type Discount, minorUnits } from '../coupons/index.js'
import { fill, type Locale, stringsFor } from './locale.js'

const TAG: Record<Locale, string> = { ko: 'ko-KR', en: 'en-US' }

/**
 * An amount in its currency for a reader of this locale: `5,000원` for Korean readers (how Korean shops
 * write won), `₩5,000`, `€10`, `€10.50` otherwise. Whole amounts drop the minor unit; KRW has none.
 */
export function formatMoney(amount: number, currency: string | null, locale: Locale): string {
  if (!currency) return new Intl.NumberFormat(TAG[locale]).format(amount)
  if (locale === 'ko' && currency === 'KRW') return `${new Intl.NumberFormat('ko-KR').format(amount)}원`
  const digits = minorUnits(currency)
  try {
    return new Intl.NumberFormat(TAG[locale], {
      style: 'currency',
      currency,
      minimumFractionDigits: Number.isInteger(amount) ? 0 : digits,
      maximumFractionDigits: digits,
    }).format(amount)
  } catch {
    return `${new Intl.NumberFormat(TAG[locale]).format(amount)} ${currency}`
  }
}

/** What a coupon takes off, in words: `5,000원 할인`, `15% (최대 30,000원)`, `15% off (up to €30)`. */
export function describeDiscount(discount: Discount, locale: Locale): string {
  const t = stringsFor(locale)
  if (discount.type === 'amount')
    return fill(t.amountOff, { amount: formatMoney(discount.amount, discount.currency, locale) })
  if (discount.maxDiscount === null) return fill(t.percentOff, { percent: discount.percent })
  return fill(t.percentOffUpTo, {
    percent: discount.percent,
    amount: formatMoney(discount.maxDiscount, discount.currency, locale),
  })
}

/**
 * A moment as a reader of this locale writes it, on the clocks of `timeZone`. The zone is named unless the
 * reader is known to live in it (`nameZone: false`), so a reader elsewhere never has to guess.
 */
export function formatDate(iso: string, locale: Locale, timeZone: string, nameZone = true): string {
  return new Intl.DateTimeFormat(TAG[locale], {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    // Korean on a 24-hour clock: ICU's Korean day period changed between versions ("오후", "PM").
    ...(locale === 'ko' ? { hourCycle: 'h23' as const } : {}),
    ...(nameZone ? { timeZoneName: 'short' as const } : {}),
  }).format(new Date(iso))
}

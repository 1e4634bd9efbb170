import type { Coupon, Gift } from '../coupons/index.js'
import type { Reader } from '../locale/index.js'
import { describeDiscount, formatDate, formatMoney } from './format.js'
import { fill, type Locale, stringsFor } from './locale.js'

/** A coupon as the pages show it: every value already in the reader's words. */
export interface CouponView {
  id: string
  code: string
  kind: string
  headline: string
  minOrder: string | null
  validUntil: string
  state: Coupon['state']
  stateLabel: string
  /** The owner may give it away now. */
  canGift: boolean
}

/** A moment on the reader's clocks, with the zone named unless it is known to be theirs. */
const dateFor = (iso: string, reader: Reader) =>
  formatDate(iso, reader.locale, reader.timeZone, !reader.ownZone)

/**
 * A coupon for the pages; an `issued` coupon past its expiry reads as expired before the round catches up.
 * A coupon that is or was a gift (`asGift`, or one its owner received) is called a gift coupon, not by the
 * words the shop gave it for its first owner ("With our apologies").
 */
export function couponView(
  coupon: Coupon,
  reader: Reader,
  now: Date,
  options: { asGift?: boolean } = {},
): CouponView {
  const { locale } = reader
  const t = stringsFor(locale)
  const lapsed = coupon.state === 'issued' && new Date(coupon.expiresAt).getTime() <= now.getTime()
  const state = lapsed ? 'expired' : coupon.state
  const currency = coupon.discount.currency
  return {
    id: coupon.id,
    code: coupon.code,
    kind: options.asGift || coupon.receivedAsGift ? t.giftKind : t.kind[coupon.kind],
    headline: describeDiscount(coupon.discount, locale),
    minOrder:
      coupon.minOrder > 0
        ? fill(t.minOrder, { amount: formatMoney(coupon.minOrder, currency, locale) })
        : null,
    validUntil: fill(t.validUntil, { date: dateFor(coupon.expiresAt, reader) }),
    state,
    stateLabel: t.couponState[state],
    canGift: state === 'issued' && coupon.giftable && coupon.giftsLeft > 0,
  }
}

/** A gift for the pages: who, when, in what state. */
export interface GiftView {
  id: string
  message: string | null
  state: Gift['state']
  stateLabel: string
  claimBy: string
  /** Whom it went to, as the giver knows them. */
  sentTo: string
}

export function giftView(gift: Gift, reader: Reader): GiftView {
  const t = stringsFor(reader.locale)
  return {
    id: gift.id,
    message: gift.message,
    state: gift.state,
    stateLabel: t.giftState[gift.state],
    claimBy: fill(t.claimBy, { date: dateFor(gift.claimExpiresAt, reader) }),
    sentTo: gift.sentTo
      ? fill(t.sentTo, { name: gift.sentTo })
      : gift.receiverId
        ? t.sentToMember
        : t.sentByLink,
  }
}

/** "From Mina" / "Mina님이 보냄", or the words for a giver without a name. */
export function fromGiver(giverName: string | null, locale: Locale): string {
  const t = stringsFor(locale)
  return giverName ? fill(t.incomingFrom, { name: giverName }) : t.incomingFromSomeone
}

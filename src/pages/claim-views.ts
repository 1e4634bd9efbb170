import type { GiftOffer, GiftState, LinkClaim } from '../coupons/index.js'
import type { Reader } from '../locale/index.js'
import type { ClaimForm } from './forms.js'
import { fill, type Locale, stringsFor } from './locale.js'
import { renderMessage, renderPage } from './render.js'
import { couponView, giftView } from './views.js'

const EMPTY_FORM: ClaimForm = { email: '', name: '', phone: '' }

/** Why a gift can no longer be claimed, or null while it can: a claim time that ran out counts as expired. */
export function goneState(offer: GiftOffer, now: Date): GiftState | null {
  if (offer.gift.state !== 'pending') return offer.gift.state
  return new Date(offer.gift.claimExpiresAt).getTime() <= now.getTime() ? 'expired' : null
}

/** "Mina sent you a gift from Our Shop": who, and from which shop, never the coupon's own wording. */
function giftWords(offer: GiftOffer, locale: Locale, shopName: string) {
  const t = stringsFor(locale)
  return offer.giverName
    ? fill(t.giftFrom, { name: offer.giverName, shop: shopName })
    : fill(t.giftFromSomeone, { shop: shopName })
}

/** The claim page: the gift, the form (as typed, with what to fix) and the way to say no. */
export function renderClaim(
  offer: GiftOffer,
  reader: Reader,
  now: Date,
  shopName: string,
  options: {
    token: string
    form?: ClaimForm
    errors?: Partial<Record<keyof ClaimForm, string>>
    error?: string
  },
): Promise<string> {
  const t = stringsFor(reader.locale)
  const coupon = couponView(offer.coupon, reader, now, { asGift: true })
  const from = giftWords(offer, reader.locale, shopName)
  return renderPage('claim', {
    t,
    title: fill(t.claimTitle, { shop: shopName }),
    // What a chat app shows under the link: who sent what, never the code.
    preview: { title: from, description: `${coupon.headline} · ${coupon.kind}` },
    from,
    gift: giftView(offer.gift, reader),
    coupon,
    token: options.token,
    form: options.form ?? EMPTY_FORM,
    errors: options.errors ?? {},
    error: options.error ?? null,
  })
}

/**
 * The page after a claim. A newcomer sees the code and, the first time only, the link to their wallet;
 * an existing member's code and wallet are never shown: anyone holding the link could type their e-mail.
 */
export function renderClaimed(claim: LinkClaim, email: string, reader: Reader, now: Date): Promise<string> {
  const t = stringsFor(reader.locale)
  // The code only for a newcomer, and only while it is still theirs: they may have passed it on since.
  const showCode = claim.joined && claim.coupon.ownerId === claim.gift.claimedBy
  return renderPage('claimed', {
    t,
    title: t.claimedTitle,
    show_code: showCode,
    coupon: couponView(claim.coupon, reader, now, { asGift: true }),
    wallet_url: showCode ? claim.walletUrl : null,
    text: !claim.joined ? fill(t.sentToWallet, { email }) : claim.repeated ? t.alreadyYours : null,
  })
}

/** The page after "No thanks". */
export function renderDeclined(offer: GiftOffer, locale: Locale): Promise<string> {
  const t = stringsFor(locale)
  const text = offer.giverName ? fill(t.declinedText, { name: offer.giverName }) : t.declinedTextSomeone
  return renderMessage(t, t.declinedTitle, text)
}

/** The page for a gift that was claimed, declined, taken back or not claimed in time. */
export function renderGone(state: GiftState, locale: Locale): Promise<string> {
  const t = stringsFor(locale)
  return renderMessage(t, t.goneTitle, t.gone[state])
}

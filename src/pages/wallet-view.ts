import type { Wallet } from '../coupons/index.js'
import type { Reader } from '../locale/index.js'
import { fill, stringsFor } from './locale.js'
import { renderPage } from './render.js'
import type { EN } from './strings-en.js'
import { couponView, fromGiver, giftView } from './views.js'

export type WalletNotice = keyof (typeof EN)['notice']
export const WALLET_NOTICES = [
  'gift-sent',
  'link-created',
  'gift-accepted',
  'gift-declined',
  'gift-cancelled',
] as const satisfies readonly WalletNotice[]

export interface WalletPageOptions {
  token: string
  memberName: string | null
  notice?: WalletNotice | undefined
  /** The gift the notice is about: a new link gift's claim link is shown in the notice. */
  noticeGiftId?: string | undefined
  error?: string | undefined
  /** The coupon whose gift form is shown open again, with what was typed in it. */
  openCouponId?: string | undefined
  form?: { contact: string; message: string } | undefined
}

/** The wallet page of the member the token opens. */
export function renderWallet(wallet: Wallet, reader: Reader, now: Date, options: WalletPageOptions) {
  const { locale } = reader
  const t = stringsFor(locale)
  const coupons = wallet.coupons.map((c) => couponView(c, reader, now))
  const noticeGift = wallet.sentGifts.find((g) => g.id === options.noticeGiftId)
  return renderPage('wallet', {
    t,
    title: t.walletTitle,
    hello: options.memberName ? fill(t.hello, { name: options.memberName }) : null,
    base: `/w/${encodeURIComponent(options.token)}`,
    notice: options.notice ? t.notice[options.notice] : null,
    notice_link: options.notice === 'link-created' ? (noticeGift?.claimUrl ?? null) : null,
    error: options.error ?? null,
    open_coupon: options.openCouponId ?? null,
    form: options.form ?? { contact: '', message: '' },
    // A gift whose claim time ran out waits for the next round to go back; it can no longer be accepted.
    incoming: wallet.incomingGifts
      .filter((g) => new Date(g.claimExpiresAt).getTime() > now.getTime())
      .map((g) => ({
        ...giftView(g, reader),
        from: fromGiver(g.giverName, locale),
        coupon: couponView(g.coupon, reader, now, { asGift: true }),
      })),
    coupons,
    sent: wallet.sentGifts.map((g) => ({
      ...giftView(g, reader),
      claimUrl: g.claimUrl,
      headline: coupons.find((c) => c.id === g.couponId)?.headline ?? null,
    })),
  })
}

import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Reel } from '../app.js'
import { CouponError } from '../coupons/index.js'
import { displayNameOf } from '../profiles/index.js'
import { recipientOf } from './forms.js'
import { type Locale, stringsFor } from './locale.js'
import { localeOf, sendHtml } from './page-reply.js'
import { renderMessage } from './render.js'
import { walletActions } from './wallet-actions.js'
import { renderWallet, WALLET_NOTICES, type WalletNotice, type WalletPageOptions } from './wallet-view.js'

const token = z.string().max(200)
const id = z.string().min(1).max(100)
const giftBody = z.object({
  contact: z.string().max(1000).default(''),
  message: z.string().max(1000).default(''),
  send: z.enum(['contact', 'link']).default('contact'),
})

/** The wallet page `/w/:token`: forms post to `/w/:token/…` and come back with a notice (303). */
export const walletRoutes: FastifyPluginAsync<{ reel: Reel }> = async (app, { reel }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()

  /** The wallet page, or the not-found page for an unknown or expired token. */
  async function answer(
    reply: FastifyReply,
    locale: Locale,
    status: number,
    options: Omit<WalletPageOptions, 'memberName'>,
  ): Promise<FastifyReply> {
    const customerId = await reel.coupons.walletOwner(options.token)
    if (!customerId) {
      const t = stringsFor(locale)
      return sendHtml(reply, 404, await renderMessage(t, t.notFoundTitle, t.notFoundWallet))
    }
    const [wallet, memberName] = await Promise.all([
      reel.coupons.wallet(customerId),
      displayNameOf(reel.database.db, customerId),
    ])
    return sendHtml(
      reply,
      status,
      await renderWallet(wallet, locale, reel.clock(), { ...options, memberName }),
    )
  }

  /** Runs an action as the token's member: back to the wallet with a notice, or the wallet with why not. */
  async function act(
    reply: FastifyReply,
    locale: Locale,
    walletToken: string,
    action: (actions: ReturnType<typeof walletActions>) => Promise<{ notice: WalletNotice; giftId?: string }>,
    onRefusal: Omit<WalletPageOptions, 'memberName' | 'token' | 'error'> = {},
  ): Promise<FastifyReply> {
    const customerId = await reel.coupons.walletOwner(walletToken)
    if (!customerId) return answer(reply, locale, 404, { token: walletToken })
    try {
      const done = await action(walletActions(reel.coupons, customerId))
      const query = new URLSearchParams({
        notice: done.notice,
        ...(done.giftId ? { gift: done.giftId } : {}),
      })
      return reply.redirect(`/w/${encodeURIComponent(walletToken)}?${query}`, 303)
    } catch (error) {
      if (!(error instanceof CouponError)) throw error
      const t = stringsFor(locale)
      const message = t.refusal[error.code] ?? t.errorText
      return answer(reply, locale, 409, { ...onRefusal, token: walletToken, error: message })
    }
  }

  typed.get(
    '/w/:token',
    {
      schema: {
        hide: true,
        params: z.object({ token }),
        querystring: z.object({ notice: z.string().max(40).optional(), gift: id.optional() }),
      },
    },
    async (request, reply) => {
      const { notice, gift } = request.query
      const known = WALLET_NOTICES.find((n) => n === notice)
      return answer(reply, localeOf(request), 200, {
        token: request.params.token,
        notice: known,
        noticeGiftId: gift,
      })
    },
  )

  typed.post(
    '/w/:token/coupons/:id/gift',
    { schema: { hide: true, params: z.object({ token, id }), body: giftBody } },
    async (request, reply) => {
      const locale = localeOf(request)
      const { token: walletToken, id: couponId } = request.params
      const { contact, message, send } = request.body
      const form = { contact, message }
      const to = send === 'link' ? ({ link: true } as const) : recipientOf(contact)
      if (!to)
        return answer(reply, locale, 400, {
          token: walletToken,
          error: stringsFor(locale).badContact,
          openCouponId: couponId,
          form,
        })
      return act(
        reply,
        locale,
        walletToken,
        async (wallet) => {
          const gift = await wallet.gift(couponId, to, message.trim().slice(0, 500) || null)
          return { notice: 'link' in to ? 'link-created' : 'gift-sent', giftId: gift.id }
        },
        { openCouponId: couponId, form },
      )
    },
  )

  const giftAction = (path: string, notice: WalletNotice, run: 'accept' | 'decline' | 'cancel') =>
    typed.post(
      `/w/:token/gifts/:id/${path}`,
      { schema: { hide: true, params: z.object({ token, id }) } },
      async (request, reply) =>
        act(reply, localeOf(request), request.params.token, async (wallet) => {
          await wallet[run](request.params.id)
          return { notice }
        }),
    )
  giftAction('accept', 'gift-accepted', 'accept')
  giftAction('decline', 'gift-declined', 'decline')
  giftAction('cancel', 'gift-cancelled', 'cancel')
}

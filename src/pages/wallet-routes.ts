import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CouponError, type Coupons } from '../coupons/index.js'
import type { BoundQueries } from '../db/index.js'
import type { Reader } from '../locale/index.js'
import type { displayNameOf } from '../profiles/index.js'
import { recipientOf, shownAsTyped, storable } from './forms.js'
import { fill, stringsFor } from './locale.js'
import { localeOf, sendHtml } from './page-reply.js'
import { renderMessage } from './render.js'
import type { Strings } from './strings-en.js'
import { type WalletCoupons, walletActions } from './wallet-actions.js'
import { renderWallet, WALLET_NOTICES, type WalletNotice, type WalletPageOptions } from './wallet-view.js'

const token = z.string().max(200)
const id = z.string().min(1).max(100)
const giftBody = z.object({
  contact: z.string().max(1000).default(''),
  message: z.string().max(1000).default(''),
  send: z.enum(['contact', 'link']).default('contact'),
})

export interface WalletRoutesOptions {
  coupons: WalletCoupons & Pick<Coupons, 'walletOwner'>
  /** The member's name as the page greets them, from their profile. */
  profiles: BoundQueries<{ displayNameOf: typeof displayNameOf }>
  /** Who reads the page: the member's language and time zone (src/pages/page-reply.ts: pageReader). */
  readerOf(request: FastifyRequest, customerId: string): Promise<Reader>
  clock: () => Date
}

/** The wallet page `/w/:token`: forms post to `/w/:token/…` and come back with a notice (303). */
export const walletRoutes: FastifyPluginAsync<WalletRoutesOptions> = async (
  app,
  { coupons, profiles, readerOf, clock },
) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()

  /**
   * The wallet page, in its owner's language and time zone, or the not-found page for an unknown or expired
   * token. `error` says what was refused, in the page's words.
   */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    options: Omit<WalletPageOptions, 'memberName' | 'error'> & { error?: (t: Strings) => string },
  ): Promise<FastifyReply> {
    const customerId = await coupons.walletOwner(options.token)
    if (!customerId) {
      const t = stringsFor(localeOf(request))
      return sendHtml(reply, 404, await renderMessage(t, t.notFoundTitle, t.notFoundWallet))
    }
    const [wallet, memberName, reader] = await Promise.all([
      coupons.wallet(customerId),
      profiles.displayNameOf(customerId),
      readerOf(request, customerId),
    ])
    const { error, ...rest } = options
    const page = { ...rest, memberName, error: error?.(stringsFor(reader.locale)) }
    return sendHtml(reply, status, await renderWallet(wallet, reader, clock(), page))
  }

  /** Runs an action as the token's member: back to the wallet with a notice, or the wallet with why not. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    walletToken: string,
    action: (actions: ReturnType<typeof walletActions>) => Promise<{ notice: WalletNotice; giftId?: string }>,
    onRefusal: Omit<WalletPageOptions, 'memberName' | 'token' | 'error'> = {},
  ): Promise<FastifyReply> {
    const customerId = await coupons.walletOwner(walletToken)
    if (!customerId) return answer(request, reply, 404, { token: walletToken })
    try {
      const done = await action(walletActions(coupons, customerId))
      const query = new URLSearchParams({
        notice: done.notice,
        ...(done.giftId ? { gift: done.giftId } : {}),
      })
      return reply.redirect(`/w/${encodeURIComponent(walletToken)}?${query}`, 303)
    } catch (error) {
      if (!(error instanceof CouponError)) throw error
      const refusal = (t: Strings) => t.refusal[error.code] ?? t.errorText
      return answer(request, reply, 409, { ...onRefusal, token: walletToken, error: refusal })
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
      return answer(request, reply, 200, {
        token: request.params.token,
        notice: known,
        noticeGiftId: gift,
      })
    },
  )

  typed.post(
    '/w/:token/coupons/:id/gift',
    {
      schema: { hide: true, params: z.object({ token, id }), body: giftBody },
      config: { checksOwnBodyText: true },
    },
    async (request, reply) => {
      const { token: walletToken, id: couponId } = request.params
      const { contact, message, send } = request.body
      // What is shown again leaves out what cannot be stored (the error says what was wrong).
      const form = { contact: shownAsTyped(contact), message: shownAsTyped(message) }
      const to = send === 'link' ? ({ link: true } as const) : recipientOf(contact)
      const refusal: ((t: Strings) => string) | undefined = !storable(message)
        ? (t) => fill(t.badCharacter, { field: t.fieldName.message })
        : !to
          ? (t) => t.badContact
          : undefined
      if (!to || refusal)
        return answer(request, reply, 400, {
          token: walletToken,
          error: refusal,
          openCouponId: couponId,
          form,
        })
      return act(
        request,
        reply,
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
        act(request, reply, request.params.token, async (wallet) => {
          await wallet[run](request.params.id)
          return { notice }
        }),
    )
  giftAction('accept', 'gift-accepted', 'accept')
  giftAction('decline', 'gift-declined', 'decline')
  giftAction('cancel', 'gift-cancelled', 'cancel')
}

import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Reel } from '../app.js'
import { CouponError, type GiftOffer } from '../coupons/index.js'
import { goneState, renderClaim, renderClaimed, renderDeclined, renderGone } from './claim-views.js'
import { checkClaimForm, shownAsTyped } from './forms.js'
import { stringsFor } from './locale.js'
import { localeOf, pageReader, sendHtml } from './page-reply.js'
import { renderMessage } from './render.js'

const params = z.object({ token: z.string().max(200) })
// Loose on purpose: what is wrong is shown next to the field, with the rest of the form as typed.
const claimBody = z.object({
  email: z.string().max(1000).default(''),
  name: z.string().max(1000).default(''),
  phone: z.string().max(1000).default(''),
})
const schema = { hide: true, params }

/** The claim link `/g/:token`: looking never changes anything; claiming and declining are explicit POSTs. */
export const claimRoutes: FastifyPluginAsync<{ reel: Reel }> = async (app, { reel }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const { coupons } = reel
  const shopName = reel.config.shopName

  const notFound = (locale: ReturnType<typeof localeOf>) => {
    const t = stringsFor(locale)
    return renderMessage(t, t.notFoundTitle, t.notFoundGift)
  }

  // The page is for the receiver: a member it was sent to reads it in their own language and time zone.
  const readerFor = (request: FastifyRequest, offer: GiftOffer) =>
    pageReader(reel, request, offer.gift.receiverId)

  // Link previews (Slack, KakaoTalk, iMessage) fetch this page: it only reads.
  typed.get('/g/:token', { schema }, async (request, reply) => {
    const { token } = request.params
    const offer = await coupons.offerByToken(token)
    if (!offer) return sendHtml(reply, 404, await notFound(localeOf(request)))
    const reader = await readerFor(request, offer)
    const gone = goneState(offer, reel.clock())
    if (gone) return sendHtml(reply, 410, await renderGone(gone, reader.locale))
    return sendHtml(reply, 200, await renderClaim(offer, reader, reel.clock(), shopName, { token }))
  })

  const claimOptions = { schema: { ...schema, body: claimBody }, config: { checksOwnBodyText: true } }
  typed.post('/g/:token/claim', claimOptions, async (request, reply) => {
    const { token } = request.params
    const form = request.body
    // What is shown again leaves out what cannot be stored (the field says what was wrong).
    const typed = {
      email: shownAsTyped(form.email),
      name: shownAsTyped(form.name),
      phone: shownAsTyped(form.phone),
    }
    const offer = await coupons.offerByToken(token)
    if (!offer) return sendHtml(reply, 404, await notFound(localeOf(request)))
    const reader = await readerFor(request, offer)
    const { locale } = reader
    const t = stringsFor(locale)
    const check = checkClaimForm(form, t)
    const gone = goneState(offer, reel.clock())
    if (gone === null && 'errors' in check) {
      const page = await renderClaim(offer, reader, reel.clock(), shopName, {
        token,
        form: typed,
        errors: check.errors,
      })
      return sendHtml(reply, 400, page)
    }
    // A claimed gift is tried too: the same person submitting twice is shown their claim again.
    if ((gone === null || gone === 'claimed') && 'person' in check) {
      try {
        const claim = await coupons.claimByToken(token, check.person)
        return sendHtml(reply, 200, await renderClaimed(claim, check.person.email, reader, reel.clock()))
      } catch (error) {
        if (!(error instanceof CouponError)) throw error
        const refusedHere =
          error.code === 'REEL_ERR_GIFT_TO_SELF' || error.code === 'REEL_ERR_GIFT_NOT_FOR_YOU'
        if (refusedHere && gone === null) {
          const message = error.code === 'REEL_ERR_GIFT_TO_SELF' ? t.ownGift : t.notForYou
          const page = await renderClaim(offer, reader, reel.clock(), shopName, {
            token,
            form: typed,
            error: message,
          })
          return sendHtml(reply, 409, page)
        }
        if (!refusedHere && error.code !== 'REEL_ERR_GIFT_NOT_PENDING') throw error
      }
    }
    // Resolved by someone else (the same person's double submit is answered as a claim above).
    const latest = (await coupons.offerByToken(token)) ?? offer
    return sendHtml(reply, 410, await renderGone(goneState(latest, reel.clock()) ?? 'pending', locale))
  })

  typed.post('/g/:token/decline', { schema }, async (request, reply) => {
    const { token } = request.params
    const offer = await coupons.offerByToken(token)
    if (!offer) return sendHtml(reply, 404, await notFound(localeOf(request)))
    const { locale } = await readerFor(request, offer)
    try {
      await coupons.declineByToken(token)
      return sendHtml(reply, 200, await renderDeclined(offer, locale))
    } catch (error) {
      if (!(error instanceof CouponError) || error.code !== 'REEL_ERR_GIFT_NOT_PENDING') throw error
      const latest = (await coupons.offerByToken(token)) ?? offer
      return sendHtml(reply, 410, await renderGone(goneState(latest, reel.clock()) ?? 'pending', locale))
    }
  })
}

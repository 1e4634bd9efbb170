import rateLimit from '@fastify/rate-limit'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Reel } from '../app.js'
import { getCustomer } from '../profiles/index.js'
import { ORDER_CHANNELS, type OrderUpdatesChannel } from '../shipping/index.js'
import { PAGE_CSP } from './headers.js'
import { fill, stringsFor } from './locale.js'
import { localeOf, pageReader, sendHtml } from './page-reply.js'
import { renderMessage } from './render.js'
import { trackingStrings } from './tracking-strings.js'
import { renderTracking, renderTrackingFind } from './tracking-view.js'

const MINUTE_MS = 60_000
/** Lookups by order number and e-mail, or by tracking number, a minute from one address: enough for a person. */
const LOOKUPS_PER_MINUTE = 10
/** Products on the board: two rows on a phone, three columns wide on a larger screen. */
const BOARD_SIZE = 6

/** The tracking page shows the shop's product images, wherever the shop serves them (over https). */
const TRACKING_CSP = PAGE_CSP.replace("img-src 'self' data:", "img-src 'self' data: https:")

const params = z.object({ token: z.string().max(200) })
const channelBody = z.object({ channel: z.enum([...ORDER_CHANNELS, 'none']) })
const findBody = z.object({ order: z.string().max(300).default(''), email: z.string().max(320).default('') })
const findQuery = z.object({ tracking: z.string().max(100).optional() })

/**
 * The tracking page `/t/:token` (by the unguessable link of every order update), the lookup `/t` (order
 * number plus the buyer's e-mail, rate-limited; a bare tracking number shows its status only), and the
 * buyer's choice of channel for order updates.
 */
export const trackingRoutes: FastifyPluginAsync<{ reel: Reel }> = async (app, { reel }) => {
  await app.register(rateLimit, { global: false })
  const perAddress = app.createRateLimit({ max: LOOKUPS_PER_MINUTE, timeWindow: MINUTE_MS })
  const typed = app.withTypeProvider<ZodTypeProvider>()
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', TRACKING_CSP)
    return payload
  })

  async function limited(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const state = await perAddress(request)
    if (state.isAllowed || !state.isExceeded) return false
    reply.header('Retry-After', String(Math.max(1, state.ttlInSeconds)))
    const locale = localeOf(request)
    const t = stringsFor(locale)
    await sendHtml(
      reply,
      429,
      await renderMessage(t, trackingStrings(locale).findTitle, trackingStrings(locale).tooMany),
    )
    return true
  }

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    notice?: (c: OrderUpdatesChannel) => string,
  ) {
    const tracked = await reel.shipping.tracked(token)
    if (!tracked) {
      const t = stringsFor(localeOf(request))
      return sendHtml(
        reply,
        404,
        await renderMessage(t, t.notFoundTitle, trackingStrings(localeOf(request)).notFound),
      )
    }
    const customerId = tracked.order.customer_id
    const [reader, profile, care, recs, chosen] = await Promise.all([
      pageReader(reel, request, customerId),
      getCustomer(reel.database.db, customerId),
      reel.shipping.care(),
      reel.recommendations.forCustomer(customerId, {
        limit: BOARD_SIZE,
        contextOrderId: tracked.order.order_id,
      }),
      reel.shipping.chosenChannel(customerId),
    ])
    const configured = new Set(reel.channels.configured())
    const reachable = ORDER_CHANNELS.filter(
      (c) => configured.has(c) && (c === 'email' ? Boolean(profile?.email) : Boolean(profile?.phone)),
    )
    const channels: OrderUpdatesChannel[] = [
      ...reachable,
      ...(chosen !== 'none' && !reachable.includes(chosen) ? [chosen] : []),
      'none',
    ]
    return sendHtml(
      reply,
      200,
      await renderTracking({
        tracked,
        reader,
        base: `/t/${token}`,
        care,
        board: typeof recs === 'string' ? [] : recs.items,
        currency: tracked.order.currency ?? reel.config.radar.defaultCurrency,
        channels,
        chosen,
        notice: notice?.(chosen),
        shopName: reel.config.shopName,
      }),
    )
  }

  typed.get('/t/:token', { schema: { hide: true, params } }, async (request, reply) =>
    page(request, reply, request.params.token),
  )

  typed.post(
    '/t/:token/channel',
    { schema: { hide: true, params, body: channelBody } },
    async (request, reply) => {
      const chosen = await reel.shipping.chooseChannel(request.params.token, request.body.channel)
      if (!chosen) return page(request, reply, request.params.token)
      return page(request, reply, request.params.token, (c) => {
        const t = trackingStrings(localeOf(request))
        return fill(t.saved, { channel: t.channel[c] })
      })
    },
  )

  typed.get('/t', { schema: { hide: true, querystring: findQuery } }, async (request, reply) => {
    const locale = localeOf(request)
    const timeZone = reel.config.consent.defaultTimeZone
    const number = request.query.tracking?.trim()
    if (!number) return sendHtml(reply, 200, await renderTrackingFind(locale, { timeZone }))
    if (await limited(request, reply)) return reply
    const parcels = await reel.shipping.statusByTracking(number)
    return sendHtml(reply, 200, await renderTrackingFind(locale, { timeZone, tracked: { number, parcels } }))
  })

  typed.post('/t', { schema: { hide: true, body: findBody } }, async (request, reply) => {
    if (await limited(request, reply)) return reply
    const { order, email } = request.body
    const token = order && email ? await reel.shipping.findByOrderAndEmail(order.trim(), email) : undefined
    if (token) return reply.code(303).header('location', `/t/${token}`).send()
    const locale = localeOf(request)
    // The same answer whether the order is unknown or the e-mail is not its buyer's: nothing to probe.
    return sendHtml(
      reply,
      404,
      await renderTrackingFind(locale, {
        order,
        email,
        error: trackingStrings(locale).notFound,
        timeZone: reel.config.consent.defaultTimeZone,
      }),
    )
  })
}

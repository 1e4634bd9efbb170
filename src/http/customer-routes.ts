import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Reel } from '../app.js'
import { ReelError } from '../errors/index.js'
import { customerPages, WALLET_API_HEADERS, type WalletActions, walletActions } from '../pages/index.js'
import { couponSchema, giftSchema, recipientSchema, sentGiftSchema } from './coupon-schemas.js'
import { privateJsonHeaders } from './request-guards.js'

const walletSchema = z.object({
  customerId: z.string(),
  coupons: z.array(couponSchema),
  incomingGifts: z
    .array(giftSchema.extend({ coupon: couponSchema, giverName: z.string().nullable() }))
    .describe('gifts from other members waiting for this customer to accept or decline'),
  sentGifts: z.array(sentGiftSchema),
})

/** The wallet API a shop's own front end calls for its signed-in customer, with their wallet token. */
const walletApi: FastifyPluginAsync<{ reel: Reel }> = async (app, { reel }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['wallet']
  const security = [{ walletToken: [] }]
  const actingFor = new WeakMap<FastifyRequest, WalletActions>()
  const as = (request: FastifyRequest): WalletActions => {
    const actions = actingFor.get(request)
    if (!actions) throw new ReelError('REEL_ERR_UNAUTHORIZED')
    return actions
  }

  // The customer acts only as the member their token opens: no route takes a customer id from the request.
  app.addHook('onRequest', privateJsonHeaders)
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(WALLET_API_HEADERS)
    const [scheme, token] = (request.headers.authorization ?? '').split(' ')
    const bearer = scheme?.toLowerCase() === 'bearer' && token
    const customerId = bearer ? await reel.coupons.walletOwner(token) : undefined
    if (!customerId)
      throw new ReelError('REEL_ERR_UNAUTHORIZED', 'A wallet token is needed: Authorization: Bearer cwt_…')
    actingFor.set(request, walletActions(reel.coupons, customerId))
  })

  typed.get(
    '/wallet/v1',
    {
      schema: {
        description: "The token's member's coupons, the gifts waiting for them, and the gifts they sent.",
        tags,
        security,
        response: { 200: walletSchema },
      },
    },
    async (request) => as(request).wallet(),
  )

  typed.post(
    '/wallet/v1/coupons/:id/gift',
    {
      schema: {
        description:
          'Gifts one of your coupons: to a member (by id, e-mail or phone: it waits in their wallet) or as a claim link (`{"link": true}`, or an e-mail/phone no member has); pass on `claimUrl`.',
        tags,
        security,
        params: z.object({ id: z.string().min(1) }),
        body: z.object({ to: recipientSchema, message: z.string().max(500).nullable().optional() }),
        response: { 201: sentGiftSchema },
      },
    },
    async (request, reply) => {
      const { params, body } = request
      return reply.code(201).send(await as(request).gift(params.id, body.to, body.message ?? null))
    },
  )

  const giftAction = (action: 'accept' | 'decline' | 'cancel', description: string) =>
    typed.post(
      `/wallet/v1/gifts/:id/${action}`,
      {
        schema: {
          description,
          tags,
          security,
          params: z.object({ id: z.string().min(1) }),
          response: { 200: giftSchema },
        },
      },
      async (request) => as(request)[action](request.params.id),
    )
  giftAction('accept', 'Accepts a gift made to you: the coupon becomes yours.')
  giftAction('decline', 'Declines a gift made to you: the coupon goes back to its giver.')
  giftAction('cancel', 'Takes back a gift you sent before it is claimed.')
}

/** The customer's side: the pages `/g/:token` and `/w/:token`, and the wallet API under `/wallet/v1`. */
export const customerRoutes: FastifyPluginAsync<{ reel: Reel }> = async (app, { reel }) => {
  await app.register(customerPages, { reel })
  await app.register(walletApi, { reel })
}

import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  COUPON_STATES,
  CouponError,
  type Coupons,
  GIFT_STATES,
  templateInputSchema,
} from '../coupons/index.js'
import { ReelError } from '../errors/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'
import {
  couponSchema,
  giftSchema,
  ledgerEntrySchema,
  recipientSchema,
  redeemBodySchema,
  refusalSchema,
  sentGiftSchema,
  templateSchema,
  viralReportSchema,
} from './coupon-schemas.js'

const limit = z.coerce.number().int().min(1).max(1000).default(100)
const time = z.iso.datetime({ offset: true })
const customerId = z.string().min(1)

/** A page read with the client's cursor: a cursor this API never gave is a 400 naming `after`. */
async function readPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof RangeError)
      throw new ReelError('REEL_ERR_INVALID_REQUEST', `querystring.${error.message}`)
    throw error
  }
}

/** Coupon templates, coupons, redemption and gifts (registered inside the admin API, behind its token). */
export const couponRoutes: FastifyPluginAsync<{ coupons: Coupons; clock: () => Date }> = async (
  app,
  { coupons, clock },
) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const security = ADMIN_SECURITY
  const tags = ['coupons']

  typed.get(
    '/coupon-templates',
    {
      schema: {
        description: 'Coupon templates, newest first.',
        tags,
        security,
        querystring: z.strictObject({ includeArchived: z.stringbool().default(false) }),
        response: { 200: z.object({ templates: z.array(templateSchema) }) },
      },
    },
    async ({ query }) => ({
      templates: await coupons.listTemplates({ includeArchived: query.includeArchived }),
    }),
  )

  typed.post(
    '/coupon-templates',
    {
      schema: {
        description:
          'A coupon template: an amount or a percent (with an optional cap), a minimum order, validity in days and/or an end date, whether it can be gifted and how many times. `autoIssue: "birthday"` issues it to every member `issueDaysBefore` days before their birthday trait.',
        tags,
        security,
        body: templateInputSchema,
        response: { 201: templateSchema },
      },
    },
    async ({ body }, reply) => reply.code(201).send(await coupons.createTemplate(body)),
  )

  typed.get(
    '/coupon-templates/figures',
    {
      schema: {
        description:
          "Each template's coupons: issued (all), active (issued or gift pending), redeemed, expired, voided and gifted (changed hands at least once). A template with no coupon is absent.",
        tags,
        security,
        querystring: z.strictObject({}),
        response: {
          200: z.object({
            templates: z.array(
              z.object({
                templateId: z.string(),
                issued: z.number(),
                active: z.number(),
                redeemed: z.number(),
                expired: z.number(),
                voided: z.number(),
                gifted: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ templates: await coupons.templateFigures() }),
  )

  typed.get(
    '/coupon-templates/:id',
    { schema: { tags, security, params: z.object({ id: z.string() }), response: { 200: templateSchema } } },
    async ({ params }) => coupons.getTemplate(params.id),
  )

  typed.post(
    '/coupon-templates/:id/archive',
    {
      schema: {
        description: 'Stops issuing from the template; coupons already issued keep their terms.',
        tags,
        security,
        params: z.object({ id: z.string() }),
        response: { 200: templateSchema },
      },
    },
    async ({ params }) => coupons.archiveTemplate(params.id),
  )

  typed.post(
    '/coupons',
    {
      schema: {
        description:
          'Issues a coupon of the template to each member. With an `idempotencyKey`, a retried request returns the coupons the first one issued.',
        tags,
        security,
        body: z.object({
          templateId: z.string().min(1),
          customerIds: z.array(customerId).min(1).max(1000),
          idempotencyKey: z.string().min(1).max(200).optional(),
        }),
        response: { 201: z.object({ coupons: z.array(couponSchema) }) },
      },
    },
    async ({ body }, reply) => reply.code(201).send({ coupons: await coupons.issue(body) }),
  )

  typed.get(
    '/coupons',
    {
      schema: {
        description:
          'Coupons, newest first, of one owner (`owner`, or `customer` for the same), state or template. Pass `next` as `after` for the following page.',
        tags,
        security,
        querystring: z.strictObject({
          owner: customerId.optional(),
          customer: customerId.optional().describe('the same as owner'),
          state: z.enum(COUPON_STATES).optional(),
          template: z.string().optional(),
          after: z.string().optional(),
          limit,
        }),
        response: { 200: z.object({ coupons: z.array(couponSchema), next: z.string().nullable() }) },
      },
    },
    async ({ query }) => {
      if (query.owner && query.customer && query.owner !== query.customer)
        throw new ReelError('REEL_ERR_INVALID_REQUEST', 'querystring.customer: differs from owner (give one)')
      return readPage(() =>
        coupons.listCoupons({
          ownerId: query.owner ?? query.customer,
          state: query.state,
          templateId: query.template,
          after: query.after,
          limit: query.limit,
        }),
      )
    },
  )

  typed.get(
    '/coupons/audit',
    {
      schema: {
        description:
          "Replays every coupon's ledger and lists what breaks the rules: a move from the wrong state, a second redemption, a gift resolved twice, a ledger that does not end where the coupon stands.",
        tags,
        security,
        response: {
          200: z.object({
            coupons: z.number(),
            ledgerRows: z.number(),
            violations: z.array(z.object({ couponId: z.string(), problem: z.string() })),
          }),
        },
      },
    },
    async () => coupons.audit(),
  )

  typed.get(
    '/coupons/:id',
    {
      schema: {
        description: 'A coupon (by id or code) with its ledger and its gifts.',
        tags,
        security,
        params: z.object({ id: z.string().min(1) }),
        response: {
          200: z.object({
            coupon: couponSchema,
            ledger: z.array(ledgerEntrySchema),
            gifts: z.array(giftSchema),
          }),
        },
      },
    },
    async ({ params }) => {
      const coupon = await coupons.getCoupon(params.id)
      if (!coupon) throw new CouponError('REEL_ERR_COUPON_NOT_FOUND', `No coupon ${params.id}`)
      const [ledger, gifts] = await Promise.all([
        coupons.ledger(coupon.id),
        coupons.listGifts({ couponId: coupon.id, limit: 100 }),
      ])
      return { coupon, ledger, gifts }
    },
  )

  typed.post(
    '/coupons/validate',
    {
      schema: {
        description:
          'Whether the coupon can be redeemed on this order and the discount it gives; changes nothing.',
        tags,
        security,
        body: redeemBodySchema,
        response: {
          200: z.object({
            valid: z.boolean(),
            refusal: refusalSchema.nullable(),
            discount: z.number().nullable(),
            coupon: couponSchema.nullable(),
          }),
        },
      },
    },
    async ({ body }) => {
      const check = await coupons.validate(body)
      return { valid: check.refusal === null, ...check }
    },
  )

  typed.post(
    '/coupons/redeem',
    {
      schema: {
        description:
          'Redeems the coupon on the order, at most once. Retrying on the same order answers the same (`repeated: true`); another order gets 409 REEL_ERR_COUPON_ALREADY_REDEEMED.',
        tags,
        security,
        body: redeemBodySchema,
        response: {
          200: z.object({ coupon: couponSchema, discount: z.number().nullable(), repeated: z.boolean() }),
        },
      },
    },
    async ({ body }) => coupons.redeem(body),
  )

  typed.post(
    '/coupons/:id/void',
    {
      schema: {
        description: 'Voids an issued or gift-pending coupon (its pending gift is cancelled).',
        tags,
        security,
        params: z.object({ id: z.string().min(1) }),
        body: z.object({ reason: z.string().min(1).max(500) }),
        response: { 200: couponSchema },
      },
    },
    async ({ params, body }) => coupons.void(params.id, body.reason),
  )

  typed.post(
    '/coupons/:id/gift',
    {
      schema: {
        description:
          'The owner gifts the coupon: to a member (by id, e-mail or phone: it waits in their wallet) or as a claim link for anyone (`{"link": true}`, or an e-mail/phone no member has). The coupon is `gift_pending` until claimed, declined, cancelled or the claim expires.',
        tags,
        security,
        params: z.object({ id: z.string().min(1) }),
        body: z.object({
          giverId: customerId,
          to: recipientSchema,
          message: z.string().max(500).nullable().optional(),
        }),
        response: { 201: sentGiftSchema },
      },
    },
    async ({ params, body }, reply) =>
      reply.code(201).send(await coupons.gift({ couponId: params.id, ...body })),
  )

  typed.get(
    '/gifts',
    {
      schema: {
        description:
          "Gifts, newest first: a member's (`giver`, `receiver`), a coupon's, or the whole shop's (each one an edge giver → receiver of the gift chains). Pass `next` as `after` for the following page.",
        tags,
        security,
        querystring: z.strictObject({
          giver: customerId.optional(),
          receiver: customerId.optional(),
          coupon: z.string().optional(),
          state: z.enum(GIFT_STATES).optional(),
          after: z.string().optional(),
          limit,
        }),
        response: { 200: z.object({ gifts: z.array(giftSchema), next: z.string().nullable() }) },
      },
    },
    async ({ query }) =>
      readPage(() =>
        coupons.giftPage({
          ...(query.giver ? { giverId: query.giver } : {}),
          ...(query.receiver ? { receiverId: query.receiver } : {}),
          ...(query.coupon ? { couponId: query.coupon } : {}),
          ...(query.state ? { state: query.state } : {}),
          ...(query.after ? { after: query.after } : {}),
          limit: query.limit,
        }),
      ),
  )

  typed.get(
    '/gifts/figures',
    {
      schema: {
        description:
          'Viral figures for gifts sent in [from, to): sent, claimed, declined, cancelled, expired, sign-ups through gifts, K-factor (sign-ups ÷ gifting members), orders and revenue with gifted coupons; in total, by coupon kind, by month and by both. Default: the last 12 months.',
        tags,
        security,
        querystring: z.strictObject({ from: time.optional(), to: time.optional() }),
        response: { 200: viralReportSchema },
      },
    },
    async ({ query }) => {
      // Without `to`, everything up to and including this instant.
      const to = query.to ? new Date(query.to) : new Date(clock().getTime() + 1)
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 365 * 86_400_000)
      return coupons.viral({ from, to })
    },
  )

  typed.get(
    '/gifts/chain/:customerId',
    {
      schema: {
        description:
          'Every gift that spread from this member: theirs (depth 1), what their receivers gave on (2), and so on.',
        tags,
        security,
        params: z.object({ customerId }),
        response: {
          200: z.object({
            rootId: z.string(),
            gifts: z.array(giftSchema.extend({ depth: z.number(), kind: z.string() })),
            membersReached: z.number(),
            membersJoined: z.number(),
          }),
        },
      },
    },
    async ({ params }) => coupons.chain(params.customerId),
  )

  const giftParams = z.object({ id: z.string().min(1) })
  const giftAction = (description: string) => ({ description, tags, security, params: giftParams })

  typed.post(
    '/gifts/:id/claim',
    {
      schema: {
        ...giftAction('The member accepts the gift: the coupon becomes theirs.'),
        body: z.object({ customerId }),
        response: { 200: giftSchema },
      },
    },
    async ({ params, body }) => coupons.acceptGift(params.id, body.customerId),
  )

  typed.post(
    '/gifts/:id/decline',
    {
      schema: {
        ...giftAction(
          'The receiver says no: the coupon goes back to the giver. Leave `customerId` out for a link gift.',
        ),
        body: z.object({ customerId: customerId.optional() }),
        response: { 200: giftSchema },
      },
    },
    async ({ params, body }) => coupons.declineGift(params.id, body.customerId ?? null),
  )

  typed.post(
    '/gifts/:id/cancel',
    {
      schema: {
        ...giftAction('The giver takes the gift back before it is claimed.'),
        body: z.object({ giverId: customerId }),
        response: { 200: giftSchema },
      },
    },
    async ({ params, body }) => coupons.cancelGift(params.id, body.giverId),
  )

  typed.post(
    '/customers/:id/wallet-link',
    {
      schema: {
        description:
          "A link (and bearer token) that opens this member's coupon wallet: the page `/w/:token` and the wallet API under `/wallet/v1`. Only its hash is stored; it expires after REEL_WALLET_TOKEN_DAYS.",
        tags,
        security,
        params: z.object({ id: customerId }),
        response: { 201: z.object({ token: z.string(), url: z.string(), expiresAt: z.string() }) },
      },
    },
    async ({ params }, reply) => reply.code(201).send(await coupons.createWalletLink(params.id)),
  )
}

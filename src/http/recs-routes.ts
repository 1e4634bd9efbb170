import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ReelError } from '../errors/index.js'
import type { Recommendations } from '../recs/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const reason = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('rule'),
    score: z.number(),
    rule: z.object({ fromCategory: z.string(), toCategory: z.string() }),
  }),
  z.object({
    source: z.literal('repeat'),
    score: z.number(),
    timesBought: z.number().describe('counted orders of the customer holding it'),
    lastBoughtAt: z.string(),
    expectedReorderAt: z
      .string()
      .nullable()
      .describe("last bought plus the customer's own mean gap, else the shop's; null when neither is known"),
  }),
  z.object({
    source: z.literal('together'),
    score: z.number(),
    withItem: z.string().describe('the product bought with it that weighs most'),
    orders: z.number().describe('orders holding both'),
    lift: z.number().describe('how many times likelier with that product than in any order'),
  }),
  z.object({
    source: z.literal('next'),
    score: z.number(),
    afterItem: z.string().nullable().describe('bought X, needs this: the X that weighs most'),
    afterCategory: z.string().nullable().describe('or, at category level, the category X is from'),
    times: z.number().describe('times customers bought it in the order after one holding X'),
  }),
  z.object({
    source: z.literal('popular'),
    score: z.number(),
    category: z.string().nullable(),
    rank: z.number().describe("rank among the shop's recent bestsellers"),
  }),
])

const recommendation = z.object({
  productId: z.string(),
  name: z.string().nullable(),
  category: z.string().nullable(),
  price: z.number().nullable(),
  url: z.string().nullable(),
  imageUrl: z.string().nullable(),
  score: z.number().nullable().describe("the blend's score; null for a shop rule's product, always first"),
  source: z.enum(['rule', 'repeat', 'together', 'next', 'popular']).describe('the source that weighs most'),
  reasons: z.array(reason).describe("every source's share of the score, largest first"),
})

const rule = z.strictObject({
  fromCategory: z.string().min(1).max(200),
  toCategory: z.string().min(1).max(200),
})

const limit = z.coerce.number().int().min(1).max(50).default(10)
const tags = ['admin']
const security = ADMIN_SECURITY

/** Recommendations per customer and per product, and the shop's complement rules (inside the admin API). */
export const recsRoutes: FastifyPluginAsync<{
  recommendations: Pick<Recommendations, 'forCustomer' | 'related' | 'rules' | 'setRules'>
}> = async (app, { recommendations }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const recs = recommendations

  typed.get(
    '/customers/:id/recommendations',
    {
      schema: {
        description:
          "What to show the customer, best first, each with why (the sources and their evidence): the shop's rules first, then a blend of what they buy again, what goes with and after what they bought, and what sells now. Never an archived or out-of-stock product, nor one just bought unless it is bought again and again. `context=order:ORDER_ID`: what goes with that order of theirs. A customer with no orders gets the recent bestsellers and `fallback: true`.",
        tags,
        security,
        params: z.object({ id: z.string().min(1).max(2000) }),
        querystring: z.strictObject({
          limit,
          context: z
            .string()
            .max(2100)
            .regex(/^order:.+$/, 'expected order:ORDER_ID')
            .optional()
            .describe('order:ORDER_ID'),
        }),
        response: {
          200: z.object({ customerId: z.string(), fallback: z.boolean(), items: z.array(recommendation) }),
        },
      },
    },
    async ({ params, query }) => {
      const contextOrderId = query.context?.slice('order:'.length)
      const list = await recs.forCustomer(params.id, {
        limit: query.limit,
        ...(contextOrderId === undefined ? {} : { contextOrderId }),
      })
      if (list === 'unknown_customer') throw new ReelError('REEL_ERR_NOT_FOUND', `No customer ${params.id}`)
      if (list === 'unknown_order')
        throw new ReelError('REEL_ERR_NOT_FOUND', `Customer ${params.id} has no order ${contextOrderId}`)
      return { customerId: params.id, ...list }
    },
  )

  typed.get(
    '/products/:id/related',
    {
      schema: {
        description:
          'Products that go with this one: bought in the same orders (shrunk, so rare coincidences weigh little), bought in the next order after it, the shop’s rules for its category, then recent bestsellers. Unknown product: 404.',
        tags,
        security,
        params: z.object({ id: z.string().min(1).max(2000) }),
        querystring: z.strictObject({ limit }),
        response: { 200: z.object({ productId: z.string(), items: z.array(recommendation) }) },
      },
    },
    async ({ params, query }) => {
      const items = await recs.related(params.id, { limit: query.limit })
      if (!items) throw new ReelError('REEL_ERR_NOT_FOUND', `No product ${params.id} in the catalogue`)
      return { productId: params.id, items }
    },
  )

  typed.get(
    '/recommendations/rules',
    {
      schema: {
        description: "The shop's complement rules (bought from a category → shown another first), in order.",
        tags,
        security,
        response: { 200: z.object({ rules: z.array(rule) }) },
      },
    },
    async () => ({ rules: await recs.rules() }),
  )

  typed.put(
    '/recommendations/rules',
    {
      schema: {
        description:
          'Replaces the complement rules: whoever bought from `fromCategory` is shown the bestsellers of `toCategory` first (baby-food → nappies).',
        tags,
        security,
        body: z.strictObject({ rules: z.array(rule).max(200) }),
        response: { 200: z.object({ rules: z.array(rule) }) },
      },
    },
    async ({ body }) => ({ rules: await recs.setRules(body.rules) }),
  )
}

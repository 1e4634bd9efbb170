import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { type Connectors, PLATFORMS, shopSchema } from '../connectors/index.js'
import { ReelError } from '../errors/index.js'
import type { Privacy } from '../privacy/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const platform = z.enum(PLATFORMS)
const time = z.string().describe('ISO 8601')

const listing = z.object({
  platform,
  webhookUrl: z.string().describe('paste into the platform: where it posts its webhooks'),
  topics: z.array(z.string()).describe('the webhook topics to subscribe'),
  shops: z.array(z.object({ shop: z.string(), addedAt: time })),
  environmentSecret: z
    .boolean()
    .describe('REEL_<PLATFORM>_WEBHOOK_SECRET is set: any shop signing with it is taken'),
  activity: z.array(
    z.object({
      shop: z.string(),
      topic: z.string(),
      deliveries: z.number(),
      quarantined: z.number(),
      lastDeliveryAt: time,
      lastProblem: z.string().nullable(),
      lastProblemAt: time.nullable(),
    }),
  ),
})

const privacyRecord = z.object({
  id: z.number(),
  kind: z.enum(['erase', 'export']),
  source: z.string(),
  subject: z.string(),
  requestedAt: time,
})

/**
 * Shop connectors in the admin API: each platform's webhook URL, topics, shops and recent deliveries; shops
 * connected and disconnected (admins); and the privacy requests they carried, exports included (admins:
 * they hold a customer's data).
 */
export const connectorAdminRoutes: FastifyPluginAsync<{
  connectors: Connectors
  privacy: Privacy
  publicUrl: () => string
}> = async (app, { connectors, privacy, publicUrl }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['connectors']
  const security = ADMIN_SECURITY
  typed.get(
    '/connectors',
    {
      schema: {
        description:
          'Each shop platform: its webhook URL, the topics to subscribe, connected shops, deliveries of the last 7 days by topic.',
        tags,
        security,
        response: { 200: z.object({ connectors: z.array(listing) }) },
      },
    },
    async () => ({
      connectors: (await connectors.list(publicUrl())).map((c) => ({
        ...c,
        topics: [...c.topics],
        shops: c.shops.map((s) => ({ shop: s.shop, addedAt: s.addedAt.toISOString() })),
        activity: c.activity.map((a) => ({
          shop: a.shop,
          topic: a.topic,
          deliveries: a.deliveries,
          quarantined: a.quarantined,
          lastDeliveryAt: a.lastDeliveryAt.toISOString(),
          lastProblem: a.lastProblem,
          lastProblemAt: a.lastProblemAt?.toISOString() ?? null,
        })),
      })),
    }),
  )
  typed.post(
    '/connectors/:platform/shops',
    {
      schema: {
        description:
          'Connects a shop (admins): its webhooks are verified with this secret from now on; again, it replaces the secret.',
        tags,
        security,
        params: z.strictObject({ platform }),
        body: z.strictObject({ shop: z.string().min(1).max(300), secret: z.string().trim().min(8).max(500) }),
        response: { 200: z.object({ platform, shop: z.string() }) },
      },
    },
    async (request) => {
      const { platform: p } = request.params
      const shop = shopSchema(p).safeParse(request.body.shop)
      if (!shop.success)
        throw new ReelError('REEL_ERR_INVALID_REQUEST', `body.shop: ${shop.error.issues[0]?.message}`, [
          { field: 'body.shop', problem: shop.error.issues[0]?.message ?? 'invalid' },
        ])
      await connectors.addShop(p, shop.data, request.body.secret)
      return { platform: p, shop: shop.data }
    },
  )
  typed.delete(
    '/connectors/:platform/shops/:shop',
    {
      schema: {
        description: 'Disconnects a shop (admins): its webhooks get 401 from now on.',
        tags,
        security,
        params: z.strictObject({ platform, shop: z.string().min(1).max(300) }),
        response: { 200: z.object({ removed: z.literal(true) }) },
      },
    },
    async (request) => {
      if (!(await connectors.removeShop(request.params.platform, request.params.shop.toLowerCase())))
        throw new ReelError(
          'REEL_ERR_NOT_FOUND',
          `No ${request.params.platform} shop ${request.params.shop} is connected`,
        )
      return { removed: true as const }
    },
  )
  typed.get(
    '/privacy-requests',
    {
      schema: {
        description: 'Erasures and exports done, newest first (admins).',
        tags,
        security,
        response: { 200: z.object({ requests: z.array(privacyRecord) }) },
      },
    },
    async () => ({
      requests: (await privacy.list()).map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() })),
    }),
  )
  typed.get(
    '/privacy-requests/:id',
    {
      schema: {
        description: "One request with its result: an export's data by table, an erasure's counts (admins).",
        tags,
        security,
        params: z.strictObject({
          id: z.coerce
            .number()
            .int()
            .min(1)
            .max(2 ** 53 - 1),
        }),
        response: { 200: privacyRecord.extend({ result: z.unknown() }) },
      },
    },
    async (request) => {
      const found = await privacy.get(request.params.id)
      if (!found) throw new ReelError('REEL_ERR_NOT_FOUND', `No privacy request ${request.params.id}`)
      return { ...found, requestedAt: found.requestedAt.toISOString() }
    },
  )
}

import rateLimit from '@fastify/rate-limit'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { BoundQueries } from '../db/index.js'
import { ReelError } from '../errors/index.js'
import type { EventIngestor, RawMessage } from '../events/index.js'
import { CARRIER_FORMATS, type Shipping, UpdateFormatError, WHERE_IS_MY_ORDER } from '../shipping/index.js'
import { sameSecret } from './admin-auth.js'

const MINUTE_MS = 60_000
/** A carrier or help desk posts in bursts; more than this a minute from one address is not one of them. */
const WEBHOOK_CALLS_PER_MINUTE = 600

const answer = z.object({
  success: z.literal(true),
  accepted: z.number().describe('updates stored by this request'),
  duplicates: z.number().describe('updates stored before (a retried delivery), not stored again'),
})

const contactBody = z.strictObject({
  topic: z.string().min(1).max(100).describe(`e.g. "${WHERE_IS_MY_ORDER}"`),
  order_id: z
    .union([z.string().min(1).max(256), z.number().int()])
    .transform(String)
    .optional(),
  customer_id: z.string().min(1).max(256).optional(),
  ticket_id: z.union([z.string().min(1).max(256), z.number().int()]).transform(String),
  occurred_at: z.iso.datetime({ offset: true }).optional(),
  channel: z.string().max(50).optional(),
})

/**
 * The shipping module's webhook side: the token the webhooks accept, and the bodies read as events, with
 * the database given by the composition root.
 */
export type ShippingWebhooks = Pick<Shipping, 'webhookToken'> &
  BoundQueries<Pick<Shipping, 'carrierEvents' | 'contactEvent'>>

export interface ShippingWebhookOptions {
  webhooks: ShippingWebhooks
  ingestor: Pick<EventIngestor, 'ingest'>
}

/**
 * The carrier webhook (`POST /v1/shipments/updates?format=generic|aftership|shopify`) and the help desk's
 * (`POST /v1/support/contacts`), behind the shipping webhook token (REEL_CARRIER_WEBHOOK_TOKEN, else the
 * stored one) as a bearer token or `?token=` for tools that cannot set headers. Both write events to the
 * log, where the shipping projection picks them up; a retried delivery is the same event, stored once.
 */
export const shippingWebhookRoutes: FastifyPluginAsync<ShippingWebhookOptions> = async (
  app,
  { webhooks, ingestor },
) => {
  await app.register(rateLimit, { global: false })
  const perAddress = app.createRateLimit({ max: WEBHOOK_CALLS_PER_MINUTE, timeWindow: MINUTE_MS })
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const state = await perAddress(request)
    if (!state.isAllowed && state.isExceeded) {
      reply.header('Retry-After', String(Math.max(1, state.ttlInSeconds)))
      throw new ReelError('REEL_ERR_RATE_LIMITED', `More than ${state.max} webhook calls a minute`)
    }
    const header = request.headers.authorization
    const query = request.query as Record<string, unknown>
    const given =
      header?.startsWith('Bearer ') === true
        ? header.slice('Bearer '.length)
        : typeof query.token === 'string'
          ? query.token
          : ''
    if (!sameSecret(given, webhooks.webhookToken))
      throw new ReelError('REEL_ERR_UNAUTHORIZED', 'The shipping webhook token is missing or wrong')
  })
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const security = [{ shippingWebhookToken: [] }]

  typed.post(
    '/shipments/updates',
    {
      schema: {
        description:
          "A carrier's status updates. `format=generic` (default): `{order_id, shipment_id?, carrier?, tracking_number?, status, sub_status?, occurred_at, location?, estimated_delivery?, origin_region?, destination_region?, products?}` or `{updates: [...]}`; `aftership`: AfterShip's webhook body (`msg.tag`); `shopify`: a Shopify fulfilment event. Statuses map to Reel's taxonomy; an unknown one is an `exception` with the raw status kept. An update for an order Reel does not know yet is kept and matched when the order arrives.",
        tags: ['shipping'],
        security,
        querystring: z.strictObject({
          format: z.enum(CARRIER_FORMATS).default('generic'),
          token: z.string().optional(),
        }),
        body: z.unknown(),
        response: { 200: answer },
      },
    },
    async (request) => {
      const receivedAt = new Date().toISOString()
      let events: RawMessage[]
      try {
        events = await webhooks.carrierEvents(request.query.format, request.body, receivedAt)
      } catch (error) {
        if (error instanceof UpdateFormatError)
          throw new ReelError('REEL_ERR_INVALID_REQUEST', error.message, [
            { field: error.field, problem: error.problem },
          ])
        throw error
      }
      const result = await ingestor.ingest(events, {
        receivedAt,
        source: `carrier:${request.query.format}`,
      })
      if (result.quarantined.length > 0) {
        const first = result.quarantined[0]!
        throw new ReelError('REEL_ERR_INVALID_REQUEST', `body: ${first.field}: ${first.problem}`)
      }
      return { success: true as const, accepted: result.accepted, duplicates: result.duplicates }
    },
  )

  typed.post(
    '/support/contacts',
    {
      schema: {
        description: `A help desk's contact (a ticket, a call): counted as where-is-my-order contacts when \`topic\` is \`${WHERE_IS_MY_ORDER}\`. Tied to the order's buyer when \`order_id\` is known, else to \`customer_id\`.`,
        tags: ['shipping'],
        security,
        querystring: z.strictObject({ token: z.string().optional() }),
        body: contactBody,
        response: { 200: answer },
      },
    },
    async (request) => {
      const body = request.body
      const receivedAt = new Date().toISOString()
      const event = await webhooks.contactEvent(body, receivedAt)
      if (!event)
        throw new ReelError(
          'REEL_ERR_INVALID_REQUEST',
          'body.order_id: no such order, and no customer_id given',
          [{ field: 'body.order_id', problem: 'no such order, and no customer_id given' }],
        )
      const result = await ingestor.ingest([event], { receivedAt, source: 'support' })
      const refused = result.quarantined[0]
      if (refused)
        throw new ReelError('REEL_ERR_INVALID_REQUEST', `body: ${refused.field}: ${refused.problem}`)
      return { success: true as const, accepted: result.accepted, duplicates: result.duplicates }
    },
  )
}

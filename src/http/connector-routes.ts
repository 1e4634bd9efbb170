import rateLimit from '@fastify/rate-limit'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Connectors, IncomingWebhook, Platform } from '../connectors/index.js'
import { ReelError } from '../errors/index.js'
import type { Metrics } from '../operations/index.js'

const MINUTE_MS = 60_000
/** A platform delivers a busy shop's orders in bursts; past this a minute from one address is not one. */
const DELIVERIES_PER_MINUTE = 3000
/** Shopify's largest orders (hundreds of line items) stay far below this. */
const WEBHOOK_BODY_LIMIT = 4 * 1024 * 1024

const answer = z.object({
  success: z.literal(true),
  outcome: z
    .enum(['stored', 'duplicate', 'quarantined', 'privacy', 'ignored'])
    .describe(
      'stored: its events are in the log; duplicate: a retried delivery, answered from its record; quarantined: signed but not mappable, kept with the reason; privacy: an erasure or export done; ignored: nothing Reel keeps',
    ),
  accepted: z.number(),
  duplicates: z.number(),
  position: z
    .string()
    .nullable()
    .describe('where the stored events end in the log, for ?after= on the admin API'),
  problem: z.string().nullable(),
})

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

function required(request: FastifyRequest, name: string): string {
  const value = header(request, name)
  if (value === undefined || value.length > 512)
    throw new ReelError('REEL_ERR_INVALID_REQUEST', `headers.${name}: expected the platform's header`, [
      { field: `headers.${name}`, problem: 'required' },
    ])
  return value
}

/** WooCommerce names its shop by its address (`X-WC-Webhook-Source: https://shop.example/`): its host. */
function wooShop(source: string): string {
  try {
    return new URL(source).host.toLowerCase()
  } catch {
    return source.toLowerCase()
  }
}

/** Where each platform puts the shop, the topic, the delivery id and the signature. */
const READ_HEADERS: Record<Platform, (request: FastifyRequest) => Omit<IncomingWebhook, 'rawBody'>> = {
  shopify: (r) => ({
    shop: required(r, 'x-shopify-shop-domain').toLowerCase(),
    topic: required(r, 'x-shopify-topic'),
    deliveryId: header(r, 'x-shopify-webhook-id'),
    signature: header(r, 'x-shopify-hmac-sha256'),
  }),
  woocommerce: (r) => ({
    shop: wooShop(required(r, 'x-wc-webhook-source')),
    topic: required(r, 'x-wc-webhook-topic'),
    deliveryId: header(r, 'x-wc-webhook-delivery-id'),
    signature: header(r, 'x-wc-webhook-signature'),
  }),
}

/**
 * Shop platforms' webhooks (`POST /v1/connectors/shopify`, `/v1/connectors/woocommerce`): the body is
 * taken as bytes, its signature checked against the shop's secret before anything reads it, then mapped
 * to the tracking API's events and written to the log, answering within the platform's few seconds.
 */
export const connectorRoutes: FastifyPluginAsync<{ connectors: Connectors; metrics: Metrics }> = async (
  app,
  { connectors, metrics },
) => {
  await app.register(rateLimit, { global: false })
  const perAddress = app.createRateLimit({ max: DELIVERIES_PER_MINUTE, timeWindow: MINUTE_MS })
  app.addHook('onRequest', async (request, reply) => {
    const state = await perAddress(request)
    if (!state.isAllowed && state.isExceeded) {
      reply.header('Retry-After', String(Math.max(1, state.ttlInSeconds)))
      throw new ReelError('REEL_ERR_RATE_LIMITED', `More than ${state.max} webhook deliveries a minute`)
    }
  })
  // The signature is over the bytes as sent: no parser may touch them first.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  )
  const typed = app.withTypeProvider<ZodTypeProvider>()
  for (const platform of ['shopify', 'woocommerce'] as const)
    typed.post(
      `/connectors/${platform}`,
      {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        schema: {
          description:
            platform === 'shopify'
              ? "A Shopify webhook, signed with X-Shopify-Hmac-Sha256 (the shop's webhook secret); see docs/connectors.md for the topics and what each becomes."
              : "A WooCommerce webhook, signed with X-WC-Webhook-Signature (the webhook's secret); see docs/connectors.md.",
          tags: ['connectors'],
          response: { 200: answer },
        },
      },
      async (request) => {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
        // WooCommerce checks a new webhook's address with an unsigned form post of its id, before any topic.
        if (platform === 'woocommerce' && /^webhook_id=\d+$/.test(rawBody.toString('latin1')))
          return {
            success: true as const,
            outcome: 'ignored' as const,
            accepted: 0,
            duplicates: 0,
            position: null,
            problem: 'ping',
          }
        try {
          const answered = await connectors.receive(platform, { ...READ_HEADERS[platform](request), rawBody })
          metrics.connectorDelivery(platform, answered.outcome)
          return { success: true as const, ...answered }
        } catch (error) {
          if (error instanceof ReelError && error.code === 'REEL_ERR_WEBHOOK_SIGNATURE')
            metrics.connectorDelivery(platform, 'unauthorized')
          throw error
        }
      },
    )
}

import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ReelError } from '../errors/index.js'
import { CARRIER_FORMATS, careSettingsSchema, SHIPMENT_STATUSES, type Shipping } from '../shipping/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString())

const promise = z
  .object({ promiseAt: z.string(), earliestAt: z.string(), latestAt: z.string() })
  .nullable()
  .describe('the date promised and the stated 80% range; null when delivered or without history')

const shipment = z.object({
  shipmentId: z.string(),
  orderId: z.string(),
  customerId: z.string().nullable(),
  kind: z.enum(['outbound', 'return']),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  status: z.enum(SHIPMENT_STATUSES),
  rawStatus: z.string().nullable().describe("the carrier's own word, when it differs"),
  subStatus: z.string().nullable(),
  statusAt: z.string(),
  location: z.string().nullable(),
  originRegion: z.string().nullable(),
  destinationRegion: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  lastScanAt: z.string(),
  unmatchedReason: z.string().nullable().describe('why it waits (its order is not in Reel yet)'),
})

type Record = Awaited<ReturnType<Shipping['list']>>[number]
const view = (s: Record) => ({
  shipmentId: s.shipmentId,
  orderId: s.orderId,
  customerId: s.customerId,
  kind: s.kind,
  carrier: s.carrier,
  trackingNumber: s.trackingNumber,
  status: s.status,
  rawStatus: s.rawStatus,
  subStatus: s.subStatus,
  statusAt: iso(s.statusAt)!,
  location: s.location,
  originRegion: s.originRegion,
  destinationRegion: s.destinationRegion,
  shippedAt: iso(s.shippedAt),
  deliveredAt: iso(s.deliveredAt),
  lastScanAt: iso(s.lastScanAt)!,
  unmatchedReason: s.unmatchedReason,
})
const promiseView = (p: { promiseAt: number; earliestAt: number; latestAt: number } | null) =>
  p ? { promiseAt: iso(p.promiseAt)!, earliestAt: iso(p.earliestAt)!, latestAt: iso(p.latestAt)! } : null

/** A moment the shop's history can hold (the database refuses the year 0). */
const moment = z.iso.datetime({ offset: true }).refine((t) => {
  const year = new Date(t).getUTCFullYear()
  return year >= 1900 && year < 2200
}, 'expected a time between 1900 and 2199')

const armWeek = z.object({ shipments: z.number(), contacts: z.number(), per100: z.number().nullable() })
const DAY = 86_400_000

/** Shipments, the delay board, the shop's post-purchase content and the where-is-my-order figure (admin API). */
export interface ShippingRoutesOptions {
  shipping: Pick<
    Shipping,
    'list' | 'overview' | 'orderShipments' | 'care' | 'setCare' | 'wismo' | 'webhookToken'
  >
  clock: () => Date
  /** Where this Reel is reached (REEL_PUBLIC_URL), for the webhook addresses it shows. */
  publicUrl: string
}

export const shippingRoutes: FastifyPluginAsync<ShippingRoutesOptions> = async (
  app,
  { shipping, clock, publicUrl },
) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['shipping']
  const security = ADMIN_SECURITY

  typed.get(
    '/shipments',
    {
      schema: {
        description:
          'Shipments and returns, most recently scanned first: `status` keeps one status, `open` those on their way, `unmatched` those whose order is not in Reel yet (kept and matched when it arrives).',
        tags,
        security,
        querystring: z.strictObject({
          status: z.enum(SHIPMENT_STATUSES).optional(),
          open: z.stringbool().optional(),
          unmatched: z.stringbool().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ shipments: z.array(shipment) }) },
      },
    },
    async ({ query }) => ({ shipments: (await shipping.list(query)).map(view) }),
  )

  typed.get(
    '/shipments/overview',
    {
      schema: {
        description:
          "The status board: shipments per status, those waiting for their order, parcels late or silent now (with why), and how the promises stated in messages held for the last 30 days' deliveries.",
        tags,
        security,
        response: {
          200: z.object({
            byStatus: z.record(z.string(), z.number()),
            unmatched: z.number(),
            delayed: z.array(shipment.extend({ reason: z.enum(['silent', 'promise_passing']), promise })),
            promises: z.object({
              delivered: z.number(),
              promised: z.number(),
              metShare: z.number().nullable(),
              inRangeShare: z.number().nullable(),
              meanDaysEarly: z.number().nullable(),
            }),
          }),
        },
      },
    },
    async () => {
      const overview = await shipping.overview(clock())
      return {
        ...overview,
        delayed: overview.delayed.map((d) => ({
          ...view(d),
          reason: d.reason,
          promise: promiseView(d.promise),
        })),
      }
    },
  )

  typed.get(
    '/orders/:id/shipments',
    {
      schema: {
        description:
          "An order's shipments and returns with their timelines and promises, and its tracking link.",
        tags,
        security,
        params: z.object({ id: z.string().min(1).max(256) }),
        response: {
          200: z.object({
            trackingUrl: z.string(),
            shipments: z.array(
              shipment.extend({
                promise,
                timeline: z.array(
                  z.object({
                    at: z.string(),
                    status: z.enum(SHIPMENT_STATUSES),
                    rawStatus: z.string().nullable(),
                    subStatus: z.string().nullable(),
                    location: z.string().nullable(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async ({ params }) => {
      const found = await shipping.orderShipments(params.id)
      if (!found) throw new ReelError('REEL_ERR_NOT_FOUND', `No order ${params.id}`)
      return {
        trackingUrl: found.trackingUrl,
        shipments: found.tracked.shipments.map((s) => ({
          ...view(s),
          promise: promiseView(s.promise),
          timeline: s.timeline.map((t) => ({ ...t, at: iso(t.at)! })),
        })),
      }
    },
  )

  typed.get(
    '/shipping/care',
    {
      schema: {
        description:
          "What the order updates and the tracking page carry besides the status: content blocks per product category (a care guide, size help), the help and expert-chat links, the shop's social links.",
        tags,
        security,
        response: { 200: careSettingsSchema },
      },
    },
    async () => shipping.care(),
  )

  typed.put(
    '/shipping/care',
    {
      schema: {
        description: 'Replaces the post-purchase content.',
        tags,
        security,
        body: careSettingsSchema,
        response: { 200: careSettingsSchema },
      },
    },
    async ({ body }) => shipping.setCare(body),
  )

  typed.get(
    '/shipping/where-is-my-order',
    {
      schema: {
        description:
          'Where-is-my-order contacts per 100 shipments, per week of handover, for shipments with proactive updates against the holdout that got only the shipped message (REEL_SHIPPING_HOLDOUT), and the difference with an always-valid 95% interval.',
        tags,
        security,
        querystring: z.strictObject({
          from: moment.optional().describe('default: 12 weeks before `to`'),
          to: moment.optional().describe('default: now'),
        }),
        response: {
          200: z.object({
            weeks: z.array(z.object({ week: z.string(), updated: armWeek, holdout: armWeek })),
            difference: z.object({ per100: z.number(), lower: z.number(), upper: z.number() }).nullable(),
            reason: z.string().nullable(),
          }),
        },
      },
    },
    async ({ query }) => {
      const to = query.to ? new Date(query.to) : clock()
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 84 * DAY)
      if (from >= to) throw new ReelError('REEL_ERR_INVALID_REQUEST', 'querystring.from: must be before `to`')
      const { analysis: _, ...figure } = await shipping.wismo({ from, to })
      return figure
    },
  )

  typed.get(
    '/shipping-webhook',
    {
      schema: {
        description:
          'Where carriers and the help desk post, and the token they need (admins only): `POST /v1/shipments/updates?format=…` and `POST /v1/support/contacts`.',
        tags,
        security,
        response: {
          200: z.object({
            updatesUrl: z.string(),
            contactsUrl: z.string(),
            formats: z.array(z.enum(CARRIER_FORMATS)),
            token: z.string(),
          }),
        },
      },
    },
    async () => {
      const base = publicUrl
      return {
        updatesUrl: `${base}/v1/shipments/updates`,
        contactsUrl: `${base}/v1/support/contacts`,
        formats: [...CARRIER_FORMATS],
        token: shipping.webhookToken,
      }
    },
  )
}

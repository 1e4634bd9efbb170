import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { countProducts } from '../catalog/index.js'
import type { Coupons } from '../coupons/index.js'
import type { BoundQueries } from '../db/index.js'
import { ReelError } from '../errors/index.js'
import type { countEvents, customerTimeline, listEvents, listQuarantine } from '../events/index.js'
import type { countOrdersAndCarts, openCartsOfCustomer, ordersOfCustomer } from '../orders/index.js'
import type { Predictions } from '../predict/index.js'
import type { countCustomers, getCustomer } from '../profiles/index.js'
import type { Radar } from '../radar/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'
import { couponSchema } from './coupon-schemas.js'
import { customerPredictionSchema } from './predict-routes.js'
import { signalSchema } from './radar-routes.js'

const limit = z.coerce.number().int().min(1).max(1000).default(100)
const cursor = z.coerce.number().int().min(0).optional()
const json = z.record(z.string(), z.unknown())
const iso = z.string().describe('ISO 8601 time')
const isoOrNull = iso.nullable()
const at = (d: Date) => d.toISOString()
const atOrNull = (d: Date | null) => d?.toISOString() ?? null

const eventSchema = z.object({
  seq: z.number(),
  messageId: z.string(),
  customerId: z.string(),
  userId: z.string().nullable(),
  anonymousId: z.string().nullable(),
  type: z.string(),
  event: z.string().nullable(),
  name: z.string().nullable(),
  timestamp: z.string(),
  receivedAt: z.string(),
  source: z.string(),
  properties: json,
  traits: json,
})

/** The log's, profiles', orders' and catalogue's reads, given their database by the composition root. */
export type AdminReads = BoundQueries<{
  countEvents: typeof countEvents
  countCustomers: typeof countCustomers
  countOrdersAndCarts: typeof countOrdersAndCarts
  countProducts: typeof countProducts
  listEvents: typeof listEvents
  listQuarantine: typeof listQuarantine
  customerTimeline: typeof customerTimeline
  getCustomer: typeof getCustomer
  ordersOfCustomer: typeof ordersOfCustomer
  openCartsOfCustomer: typeof openCartsOfCustomer
}>

export interface AdminRoutesOptions {
  reads: AdminReads
  radar: Pick<Radar, 'listSignals'>
  coupons: Pick<Coupons, 'listCoupons'>
  predictions: Pick<Predictions, 'forCustomer'>
}

/**
 * The admin API's own reads: counts, the event log, the quarantine and a customer's record (registered in
 * the admin scope, src/http/admin-api.ts, behind its authentication).
 */
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, options) => {
  const { reads, radar } = options
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const security = ADMIN_SECURITY

  typed.get(
    '/stats',
    {
      schema: {
        description: 'Counts of what Reel holds.',
        tags: ['admin'],
        security,
        response: {
          200: z.object({
            events: z.number(),
            quarantined: z.number(),
            customers: z.number(),
            members: z.number(),
            orders: z.number(),
            carts: z.number(),
            products: z.number(),
          }),
        },
      },
    },
    async () => {
      const [events, customers, orders, products] = await Promise.all([
        reads.countEvents(),
        reads.countCustomers(),
        reads.countOrdersAndCarts(),
        reads.countProducts(),
      ])
      return { ...events, ...customers, ...orders, products }
    },
  )

  typed.get(
    '/events',
    {
      schema: {
        description:
          'The event log in arrival order. Pass `next` from a page as `after` for the following page.',
        tags: ['admin'],
        security,
        querystring: z.strictObject({
          customer: z.string().optional(),
          event: z.string().optional(),
          messageId: z.string().optional(),
          after: cursor,
          limit,
        }),
        response: { 200: z.object({ events: z.array(eventSchema), next: z.number().nullable() }) },
      },
    },
    async ({ query }) =>
      reads.listEvents({
        customerId: query.customer,
        event: query.event,
        messageId: query.messageId,
        after: query.after,
        limit: query.limit,
      }),
  )

  typed.get(
    '/quarantine',
    {
      schema: {
        description: 'Events set aside with the reason (index in its request, field, problem), newest first.',
        tags: ['admin'],
        security,
        querystring: z.strictObject({ after: cursor, limit }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                receivedAt: z.string(),
                source: z.string(),
                index: z.number(),
                field: z.string(),
                problem: z.string(),
                message: z.unknown(),
              }),
            ),
            next: z.number().nullable(),
          }),
        },
      },
    },
    async ({ query }) => reads.listQuarantine({ after: query.after, limit: query.limit }),
  )

  typed.get(
    '/customers/:id',
    {
      schema: {
        description:
          "A customer: profile, orders, open carts, the radar's signals (newest first), the coupons they hold or held (latest 100) and the timeline of their latest 100 events (newest first).",
        tags: ['admin'],
        security,
        params: z.object({ id: z.string().min(1) }),
        response: {
          200: z.object({
            profile: z.object({
              customerId: z.string(),
              isMember: z.boolean(),
              traits: json,
              email: z.string().nullable(),
              phone: z.string().nullable(),
              firstSeenAt: iso,
              lastSeenAt: iso,
              signedUpAt: isoOrNull,
              lastSignInAt: isoOrNull,
              eventsCount: z.number(),
              ordersCount: z.number(),
              totalSpend: z.number(),
              currency: z.string().nullable(),
              firstOrderAt: isoOrNull,
              lastOrderAt: isoOrNull,
            }),
            orders: z.array(
              z.object({
                orderId: z.string(),
                status: z.string(),
                currency: z.string().nullable(),
                total: z.number().nullable(),
                discount: z.number().nullable(),
                coupon: z.string().nullable(),
                products: z.array(z.unknown()).nullable(),
                checkoutAt: isoOrNull,
                completedAt: isoOrNull,
                cancelledAt: isoOrNull,
                cancelReason: z.string().nullable(),
                refundedAmount: z.number(),
                refundedAt: isoOrNull,
                returnRequestedAt: isoOrNull,
              }),
            ),
            carts: z.array(
              z.object({
                cartId: z.string(),
                items: json,
                value: z.number(),
                itemCount: z.number(),
                createdAt: iso,
                lastActivityAt: iso,
              }),
            ),
            signals: z.array(signalSchema),
            coupons: z.array(couponSchema),
            timeline: z.array(eventSchema),
            predictions: customerPredictionSchema
              .nullable()
              .describe(
                'from the latest good fit; null when the shop has none or it does not hold this customer',
              ),
          }),
        },
      },
    },
    async ({ params }) => {
      const profile = await reads.getCustomer(params.id)
      if (!profile) throw new ReelError('REEL_ERR_NOT_FOUND', `No customer ${params.id}`)
      const [orders, carts, signals, coupons, timeline, predictions] = await Promise.all([
        reads.ordersOfCustomer(params.id),
        reads.openCartsOfCustomer(params.id),
        radar.listSignals({ customerId: params.id, limit: 1000 }),
        options.coupons.listCoupons({ ownerId: params.id, limit: 100 }),
        reads.customerTimeline(params.id, 100),
        options.predictions.forCustomer(params.id),
      ])
      return {
        profile: {
          customerId: profile.customer_id,
          isMember: profile.is_member,
          traits: profile.traits,
          email: profile.email,
          phone: profile.phone,
          firstSeenAt: at(profile.first_seen_at),
          lastSeenAt: at(profile.last_seen_at),
          signedUpAt: atOrNull(profile.signed_up_at),
          lastSignInAt: atOrNull(profile.last_sign_in_at),
          eventsCount: profile.events_count,
          ordersCount: profile.orders_count,
          totalSpend: Number(profile.total_spend),
          currency: profile.currency,
          firstOrderAt: atOrNull(profile.first_order_at),
          lastOrderAt: atOrNull(profile.last_order_at),
        },
        orders: orders.map((o) => ({
          orderId: o.order_id,
          status: o.status,
          currency: o.currency,
          total: o.total === null ? null : Number(o.total),
          discount: o.discount === null ? null : Number(o.discount),
          coupon: o.coupon,
          products: o.products,
          checkoutAt: atOrNull(o.checkout_at),
          completedAt: atOrNull(o.completed_at),
          cancelledAt: atOrNull(o.cancelled_at),
          cancelReason: o.cancel_reason,
          refundedAmount: Number(o.refunded_amount),
          refundedAt: atOrNull(o.refunded_at),
          returnRequestedAt: atOrNull(o.return_requested_at),
        })),
        carts: carts.map((c) => ({
          cartId: c.cart_id,
          items: c.items,
          value: Number(c.value),
          itemCount: c.item_count,
          createdAt: at(c.created_at),
          lastActivityAt: at(c.last_activity_at),
        })),
        signals: signals.signals,
        coupons: coupons.coupons,
        timeline,
        predictions,
      }
    },
  )
}

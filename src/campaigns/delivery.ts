import type { Channels, OutgoingMessage } from '../channels/index.js'
import type { Consent } from '../consent/index.js'
import type { Coupons } from '../coupons/index.js'
import type { AnyDb } from '../db/index.js'
import type { openCartsByIds, ordersByIds } from '../orders/index.js'
import type { MessageTemplate, Templates } from '../templates/index.js'
import type { Facts } from './flow.js'
import type { SendOutcome, SendRequest } from './runner.js'
import type { EnrolmentRow } from './store.js'

/** A customer as a message addresses them. */
export interface Recipient {
  name: string | null
  email: string | null
  locale: string | null
  traits: Record<string, unknown>
}

type CustomerKey = { customerId: string; key: string }

/** What sending a campaign's steps needs from the other modules (wired by the composition root). */
export interface DeliveryDeps {
  consent: Consent
  templates: Templates
  channels: Channels
  coupons: Coupons
  shopName: string
  /** Money the shop sent without a currency (a cart of a customer with no order) is in this one. */
  defaultCurrency: string | null
  recipients(db: AnyDb, customerIds: readonly string[]): Promise<Map<string, Recipient>>
  /** Completed orders per customer window (the goal: an order since the customer entered). */
  ordersInWindows(
    db: AnyDb,
    windows: ReadonlyArray<{ key: string; customerId: string; from: Date; to: Date }>,
  ): Promise<Array<{ key: string; orders: number }>>
  ordersByIds: typeof ordersByIds
  /** The carts among these that still hold items and have not become an order. */
  openCartsByIds: typeof openCartsByIds
  /** What goes with the customer's orders (with an order: with that one), for `{{ recommendations }}`. */
  recommendationsFor(db: AnyDb, customerId: string, orderId: string | null): Promise<unknown[]>
}

/** Recommendations cost a few queries per message: only templates that name them get them. */
const usesRecommendations = (t: MessageTemplate) =>
  [t.subject, t.text, t.html].some((part) => part?.includes('recommendations'))

const localeOf = (r: Recipient | undefined) => (r?.locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en')
const textOf = (value: unknown) => (typeof value === 'string' ? value : null)
const pairKey = (customerId: string, key: string) => `${customerId}\u0000${key}`

/** The idempotency key of a campaign's message: one per enrolment and step, so a retry never sends twice. */
export const messageKeyOf = (campaignId: string, enrolmentId: number, step: number) =>
  `campaign:${campaignId}:${enrolmentId}:${step}`

/** The cart a flow's `cart_still_abandoned` checks: the abandoned cart's signal, or the event's cart. */
const cartOf = (context: Record<string, unknown>) =>
  textOf(context.signalKind === 'cart_abandoned' ? context.signalKey : context.cartId)

/** The coupon `coupon_still_unused` checks: the one the flow gave, else the expiring one the signal names. */
const couponOf = (context: Record<string, unknown>) =>
  textOf(context.couponId) ??
  (context.signalKind === 'coupon_expiring_unused' ? textOf(context.signalKey) : null)

/** The order or cart a message is about: the signal's subject, or the event's order or cart. */
const subjectOf = (context: Record<string, unknown>) =>
  textOf(context.signalKey) ?? textOf(context.orderId) ?? textOf(context.cartId)

/**
 * The campaign runner's I/O, a batch at a time: where each customer stands (facts), and sending a step's
 * message to many customers with a statement per kind of read or write rather than per customer.
 */
export function createDelivery(deps: DeliveryDeps) {
  const { consent, templates, channels, coupons } = deps

  /** The orders and open carts the requests' messages are about, by customer and id. */
  async function subjectsOf(db: AnyDb, wanted: readonly CustomerKey[]) {
    const [orders, carts] = await Promise.all([
      deps.ordersByIds(
        db,
        wanted.map((w) => ({ customerId: w.customerId, orderId: w.key })),
      ),
      deps.openCartsByIds(
        db,
        wanted.map((w) => ({ customerId: w.customerId, cartId: w.key })),
      ),
    ])
    return {
      orders: new Map(orders.map((o) => [pairKey(o.customer_id, o.order_id), o])),
      carts: new Map(carts.map((c) => [pairKey(c.customer_id, c.cart_id), c])),
    }
  }

  return {
    /** A template rendered for a customer as a send would (links are placeholders; no coupon is issued). */
    async preview(db: AnyDb, templateId: string, customerId: string) {
      const [template, recipients] = await Promise.all([
        templates.get(templateId),
        deps.recipients(db, [customerId]),
      ])
      const recipient = recipients.get(customerId)
      if (!template || !recipient) return undefined
      return templates.render(template, {
        customer: { id: customerId, name: recipient.name, email: recipient.email, ...recipient.traits },
        signal: null,
        event: null,
        order: null,
        cart: null,
        coupon: null,
        recommendations: usesRecommendations(template)
          ? await deps.recommendationsFor(db, customerId, null)
          : [],
        links: { unsubscribe: '#unsubscribe', preferences: '#preferences', wallet: null, claim: null },
        shop: { name: deps.shopName },
      })
    },

    /** Where each enrolment's customer stands now, by enrolment id. */
    async facts(db: AnyDb, enrolments: readonly EnrolmentRow[], now: Date): Promise<Map<number, Facts>> {
      const carts = enrolments.flatMap((e) => {
        const cartId = cartOf(e.context)
        return cartId ? [{ customerId: e.customer_id, cartId }] : []
      })
      const [ordered, open] = await Promise.all([
        deps.ordersInWindows(
          db,
          enrolments.map((e) => ({
            key: String(e.id),
            customerId: e.customer_id,
            from: e.enrolled_at,
            to: now,
          })),
        ),
        deps.openCartsByIds(db, carts),
      ])
      const orderedKeys = new Set(ordered.filter((o) => o.orders > 0).map((o) => o.key))
      const openCarts = new Set(open.map((c) => pairKey(c.customer_id, c.cart_id)))
      const facts = new Map<number, Facts>()
      for (const e of enrolments) {
        const cartId = cartOf(e.context)
        const couponId = couponOf(e.context)
        // Coupon conditions are rare (a flow that gave a coupon): read those one by one.
        const coupon = couponId ? await coupons.getCoupon(couponId, db) : undefined
        facts.set(e.id, {
          orderedSinceEnrolment: orderedKeys.has(String(e.id)),
          cartStillAbandoned: cartId !== null && openCarts.has(pairKey(e.customer_id, cartId)),
          couponStillUnused: coupon?.state === 'issued',
        })
      }
      return facts
    },

    /** Until when each holdout request's message would be held by quiet hours, were it sent (else null). */
    async holdoutHeldUntil(db: AnyDb, requests: readonly SendRequest[]): Promise<Array<Date | null>> {
      const holding = requests.filter(
        (r) => r.step.messageType === 'marketing' && r.campaign.quietHours === 'hold',
      )
      if (holding.length === 0) return requests.map(() => null)
      const until = await consent.quietUntilFor(
        db,
        holding.map((r) => r.enrolment.customer_id),
        requests[0]?.now ?? new Date(),
      )
      return requests.map((r) =>
        r.step.messageType === 'marketing' && r.campaign.quietHours === 'hold'
          ? (until.get(r.enrolment.customer_id) ?? null)
          : null,
      )
    },

    /**
     * Sends one step's message for each request, in order: consent, caps and quiet hours decide first (a
     * customer reached twice in one batch counts both towards the caps); then the template in the customer's
     * language, the coupon (once per enrolment), the links, and the outbox rows in one statement.
     */
    async send(db: AnyDb, requests: readonly SendRequest[]): Promise<SendOutcome[]> {
      const decisions = await consent.decideMany(
        db,
        requests.map((r) => ({
          customerId: r.enrolment.customer_id,
          channel: r.step.channel,
          messageType: r.step.messageType,
          at: r.now,
          quietHours: r.campaign.quietHours,
          caps: r.campaign.caps,
        })),
      )
      const outcomes: SendOutcome[] = decisions.map((d) =>
        d.decision === 'hold'
          ? { outcome: 'held', until: d.until }
          : d.decision === 'skip'
            ? { outcome: 'skipped', reason: d.reason }
            : { outcome: 'skipped', reason: 'no_template' },
      )
      const going = requests.flatMap((request, i) => {
        const decision = decisions[i]
        return decision?.decision === 'send' ? [{ request, index: i, to: decision.to }] : []
      })
      if (going.length === 0) return outcomes

      const recipients = await deps.recipients(
        db,
        going.map((g) => g.request.enrolment.customer_id),
      )
      const picked = new Map<string, MessageTemplate | undefined>()
      const withTemplates = []
      for (const g of going) {
        const { step, enrolment } = g.request
        const locale = localeOf(recipients.get(enrolment.customer_id))
        const pickKey = `${step.template}\u0000${step.channel}\u0000${locale}`
        if (!picked.has(pickKey))
          picked.set(pickKey, await templates.pick(step.template, step.channel, locale, db))
        const template = picked.get(pickKey)
        if (template) withTemplates.push({ ...g, template })
      }
      const subjects = await subjectsOf(
        db,
        withTemplates.flatMap((g) => {
          const key = subjectOf(g.request.enrolment.context)
          return key ? [{ customerId: g.request.enrolment.customer_id, key }] : []
        }),
      )
      const sends = withTemplates.map((g) => ({
        customerId: g.request.enrolment.customer_id,
        channel: g.request.step.channel,
        messageType: g.request.step.messageType,
        at: g.request.now,
      }))
      const links = await consent.linksFor(db, sends)
      const messages: OutgoingMessage[] = []
      for (const [i, g] of withTemplates.entries()) {
        const { campaign, enrolment, step, stepIndex } = g.request
        const customerId = enrolment.customer_id
        const context = enrolment.context
        const coupon = await couponFor(db, g.request)
        const subjectKey = subjectOf(context)
        const order = subjectKey ? subjects.orders.get(pairKey(customerId, subjectKey)) : undefined
        const cart = subjectKey ? subjects.carts.get(pairKey(customerId, subjectKey)) : undefined
        const recipient = recipients.get(customerId)
        const link = links[i] ?? { unsubscribe: null, preferences: null }
        // The signal's currency (its cart's events, else the customer's orders), else the shop's.
        const currency = textOf(context.currency) ?? deps.defaultCurrency
        const rendered = await templates.render(g.template, {
          customer: {
            id: customerId,
            name: recipient?.name ?? null,
            email: recipient?.email ?? null,
            ...recipient?.traits,
          },
          signal:
            typeof context.signalKind === 'string'
              ? {
                  kind: context.signalKind,
                  key: textOf(context.signalKey),
                  valueAtStake: context.valueAtStake ?? null,
                  currency,
                }
              : null,
          event:
            typeof context.eventName === 'string'
              ? { name: context.eventName, properties: context.eventProperties ?? {} }
              : null,
          order: order
            ? {
                id: order.order_id,
                total: order.total === null ? null : Number(order.total),
                currency: order.currency,
                products: order.products ?? [],
              }
            : null,
          cart: cart
            ? {
                items: Object.values(cart.items),
                value: Number(cart.value),
                currency,
                url: cart.checkout_url,
              }
            : null,
          coupon: coupon ? { ...coupon } : null,
          recommendations: usesRecommendations(g.template)
            ? await deps.recommendationsFor(db, customerId, order?.order_id ?? null)
            : [],
          links: { unsubscribe: link.unsubscribe, preferences: link.preferences, wallet: null, claim: null },
          shop: { name: deps.shopName },
        })
        const messageKey = messageKeyOf(campaign.id, enrolment.id, stepIndex)
        messages.push({
          idempotencyKey: messageKey,
          channel: step.channel,
          customerId,
          messageType: step.messageType,
          to: g.to,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          unsubscribeUrl: link.unsubscribe,
          metadata: {
            campaignId: campaign.id,
            enrolmentId: enrolment.id,
            step: stepIndex,
            signalId: context.signalId ?? null,
            eventId: context.eventId ?? null,
            couponId: coupon?.id ?? null,
          },
        })
        outcomes[g.index] = {
          outcome: 'sent',
          channel: step.channel,
          messageKey,
          ...(coupon ? { couponId: coupon.id } : {}),
        }
      }
      await channels.enqueue(db, messages)
      await consent.recordSent(db, sends)
      return outcomes
    },
  }

  /** The coupon a send step gives, issued once per enrolment: a retried step gets the same one. */
  async function couponFor(db: AnyDb, request: SendRequest) {
    if (!request.step.couponTemplateId) return null
    const [coupon] = await coupons.issue(
      {
        templateId: request.step.couponTemplateId,
        customerIds: [request.enrolment.customer_id],
        idempotencyKey: `campaign:${request.campaign.id}:${request.enrolment.id}`,
        source: 'campaign',
      },
      db,
    )
    return coupon ?? null
  }
}

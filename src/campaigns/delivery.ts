import type { Channels } from '../channels/index.js'
import type { Consent } from '../consent/index.js'
import type { Coupons } from '../coupons/index.js'
import type { AnyDb } from '../db/index.js'
import type { Templates } from '../templates/index.js'
import type { Campaign } from './campaign.js'
import type { Facts, Step } from './flow.js'
import type { SendOutcome } from './runner.js'
import type { EnrolmentRow } from './store.js'

/** A customer as a message addresses them. */
export interface Recipient {
  name: string | null
  email: string | null
  locale: string | null
  traits: Record<string, unknown>
}

/** What sending a campaign step needs from the other modules (wired by the composition root). */
export interface DeliveryDeps {
  consent: Consent
  templates: Templates
  channels: Channels
  coupons: Coupons
  shopName: string
  recipient(db: AnyDb, customerId: string): Promise<Recipient | undefined>
  /** The order or cart a signal names, for the message (null when it names neither). */
  orderOrCart(
    db: AnyDb,
    customerId: string,
    key: string,
  ): Promise<{ order: Record<string, unknown> | null; cart: { items: unknown[]; value: number } | null }>
  completedOrderSince(db: AnyDb, customerId: string, since: Date): Promise<boolean>
  isCartStillOpen(db: AnyDb, customerId: string, cartId: string): Promise<boolean>
}

const localeOf = (r: Recipient | undefined) => (r?.locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en')

/** The idempotency key of a campaign's message: one per enrolment and step, so a retry never sends twice. */
export const messageKeyOf = (campaignId: string, enrolmentId: number, step: number) =>
  `campaign:${campaignId}:${enrolmentId}:${step}`

/** The campaign runner's I/O: what a customer's situation is, and sending one step's message. */
export function createDelivery(deps: DeliveryDeps) {
  const { consent, templates, channels, coupons } = deps

  async function couponFor(
    db: AnyDb,
    enrolment: EnrolmentRow,
    step: Extract<Step, { type: 'send' }>,
    campaign: Campaign,
  ) {
    if (!step.couponTemplateId) return null
    // Issued once per enrolment: the key makes a retried step get the same coupon.
    const [coupon] = await coupons.issue(
      {
        templateId: step.couponTemplateId,
        customerIds: [enrolment.customer_id],
        idempotencyKey: `campaign:${campaign.id}:${enrolment.id}`,
        source: 'campaign',
      },
      db,
    )
    return coupon ?? null
  }

  return {
    /** A template rendered for a customer as a send would (links are placeholders; no coupon is issued). */
    async preview(db: AnyDb, templateId: string, customerId: string) {
      const [template, recipient] = await Promise.all([
        templates.get(templateId),
        deps.recipient(db, customerId),
      ])
      if (!template || !recipient) return undefined
      return templates.render(template, {
        customer: { id: customerId, name: recipient.name, email: recipient.email, ...recipient.traits },
        signal: null,
        event: null,
        order: null,
        cart: null,
        coupon: null,
        recommendations: [],
        links: { unsubscribe: '#unsubscribe', preferences: '#preferences', wallet: null, claim: null },
        shop: { name: deps.shopName },
      })
    },

    async facts(db: AnyDb, enrolment: EnrolmentRow): Promise<Facts> {
      const context = enrolment.context
      const cartId = context.signalKind === 'cart_abandoned' ? context.signalKey : context.cartId
      const [ordered, cartOpen, coupon] = await Promise.all([
        deps.completedOrderSince(db, enrolment.customer_id, enrolment.enrolled_at),
        typeof cartId === 'string'
          ? deps.isCartStillOpen(db, enrolment.customer_id, cartId)
          : Promise.resolve(false),
        typeof context.couponId === 'string'
          ? coupons.getCoupon(context.couponId, db)
          : context.signalKind === 'coupon_expiring_unused' && typeof context.signalKey === 'string'
            ? coupons.getCoupon(context.signalKey, db)
            : Promise.resolve(undefined),
      ])
      return {
        orderedSinceEnrolment: ordered,
        cartStillAbandoned: cartOpen,
        couponStillUnused: coupon?.state === 'issued',
      }
    },

    async send(
      db: AnyDb,
      request: {
        campaign: Campaign
        enrolment: EnrolmentRow
        step: Extract<Step, { type: 'send' }>
        stepIndex: number
        now: Date
      },
    ): Promise<SendOutcome> {
      const { campaign, enrolment, step, now } = request
      const customerId = enrolment.customer_id
      const decision = await consent.decide(db, {
        customerId,
        channel: step.channel,
        messageType: step.messageType,
        at: now,
        quietHours: campaign.quietHours,
        caps: campaign.caps,
      })
      if (decision.decision === 'hold') return { outcome: 'held', until: decision.until }
      if (decision.decision === 'skip') return { outcome: 'skipped', reason: decision.reason }
      const recipient = await deps.recipient(db, customerId)
      const template = await templates.pick(step.template, step.channel, localeOf(recipient), db)
      if (!template) return { outcome: 'skipped', reason: 'no_template' }
      const coupon = await couponFor(db, enrolment, step, campaign)
      const context = enrolment.context
      const signalKey = typeof context.signalKey === 'string' ? context.signalKey : null
      const subjectKey = [signalKey, context.orderId, context.cartId].find((k) => typeof k === 'string')
      const subject = subjectKey
        ? await deps.orderOrCart(db, customerId, subjectKey)
        : { order: null, cart: null }
      const [unsubscribe, preferences] = await Promise.all([
        consent.unsubscribeUrl(customerId, step.channel, step.messageType, db),
        consent.preferenceUrl(customerId, db),
      ])
      const rendered = await templates.render(template, {
        customer: {
          id: customerId,
          name: recipient?.name ?? null,
          email: recipient?.email ?? null,
          ...recipient?.traits,
        },
        signal: signalKey
          ? {
              kind: context.signalKind ?? null,
              key: signalKey,
              valueAtStake: context.valueAtStake ?? null,
              currency: context.currency ?? null,
            }
          : null,
        event:
          typeof context.eventName === 'string'
            ? { name: context.eventName, properties: context.eventProperties ?? {} }
            : null,
        order: subject.order,
        cart: subject.cart,
        coupon: coupon ? { ...coupon } : null,
        recommendations: [],
        links: { unsubscribe, preferences, wallet: null, claim: null },
        shop: { name: deps.shopName },
      })
      const messageKey = messageKeyOf(campaign.id, enrolment.id, request.stepIndex)
      await channels.enqueue(db, [
        {
          idempotencyKey: messageKey,
          channel: step.channel,
          customerId,
          messageType: step.messageType,
          to: decision.to,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          unsubscribeUrl: unsubscribe,
          metadata: {
            campaignId: campaign.id,
            enrolmentId: enrolment.id,
            step: request.stepIndex,
            signalId: context.signalId ?? null,
            eventId: context.eventId ?? null,
            couponId: coupon?.id ?? null,
          },
        },
      ])
      await consent.recordSent(db, {
        customerId,
        channel: step.channel,
        messageType: step.messageType,
        at: now,
      })
      return { outcome: 'sent', channel: step.channel, messageKey }
    },
  }
}

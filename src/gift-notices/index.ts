import type { Channels, OutgoingMessage } from '../channels/index.js'
import type { Consent, SendRequest } from '../consent/index.js'
import type { GiftEvent, GiftListener } from '../coupons/index.js'
import type { AnyDb } from '../db/index.js'
import { firstNameOf, type Locale, profileLocale, type Reader, readerOf } from '../locale/index.js'
import { couponView, formatDate } from '../pages/index.js'
import type { Templates } from '../templates/index.js'
import { type PlannedNotice, planNotices } from './plan.js'

export { contactIdOf, GIFT_NOTICE_TEMPLATES, type PlannedNotice, planNotices } from './plan.js'

/**
 * What the gift notices need from the other modules, wired by the composition root. Every read and write
 * goes through the caller's transaction: on the embedded engine another connection would wait for it.
 */
export interface GiftNoticesDeps {
  consent: Pick<Consent, 'decideMany' | 'linksFor'>
  templates: Pick<Templates, 'pick' | 'render'>
  channels: Pick<Channels, 'enqueue' | 'configured'>
  clock: () => Date
  /** REEL_SHOP_NAME. */
  shopName: string
  /** REEL_DEFAULT_TIMEZONE: the clock of readers without a `timezone` trait. */
  defaultTimeZone: string
  /** The profiles of these customers (those that exist), read in the caller's transaction. */
  customersOf(db: AnyDb, ids: readonly string[]): Promise<Map<string, { traits: Record<string, unknown> }>>
  /** A new link to the member's wallet, made in the caller's transaction. */
  walletUrl(db: AnyDb, customerId: string): Promise<string>
}

/** A notice consent lets go, on its channel and to its address. */
interface Going {
  notice: PlannedNotice
  request: SendRequest
  to: string
}

/**
 * The gift notices: told of every gift change inside its transaction, they put a transactional message
 * (message type `gifts`) for the receiver of a new gift, or for the giver of one that ended, into the
 * outbox in that same transaction, once per gift, event and role (`gift:<giftId>:<event>:<role>`).
 */
export function createGiftNotices(deps: GiftNoticesDeps): GiftListener {
  return async (tx, events) => {
    const configured = new Set(deps.channels.configured())
    const notices = events.flatMap((event) => planNotices(event, configured))
    if (notices.length === 0) return
    const people = await deps.customersOf(tx, [...new Set(events.flatMap(peopleOf))])
    const now = deps.clock()
    const going = await allowed(tx, notices, now)
    const links = await deps.consent.linksFor(
      tx,
      going.map((g) => g.request),
    )
    const messages: OutgoingMessage[] = []
    for (const [i, { notice, request, to }] of going.entries()) {
      const { event } = notice
      const traits = people.get(notice.customerId)?.traits
      // A friend without a profile most likely reads the giver's language.
      const fallback: Locale = profileLocale(people.get(event.gift.giverId)?.traits) ?? 'en'
      const reader = readerOf(traits, notice.role === 'receiver' ? fallback : 'en', deps.defaultTimeZone)
      const template = await deps.templates.pick(notice.template, request.channel, reader.locale, tx)
      if (!template) continue
      const link = links[i] ?? { unsubscribe: null, preferences: null }
      const rendered = await deps.templates.render(template, {
        customer: { ...traits, id: notice.customerId, name: firstNameOf(traits) },
        gift: giftWords(event, people, reader),
        coupon: couponWords(event, notice, reader, now),
        recommendations: [],
        links: {
          ...link,
          claim: notice.link === 'claim' ? event.claimUrl : null,
          wallet: notice.link === 'wallet' ? await deps.walletUrl(tx, notice.customerId) : null,
        },
        shop: { name: deps.shopName },
      })
      messages.push({
        idempotencyKey: notice.idempotencyKey,
        channel: request.channel,
        customerId: notice.customerId,
        messageType: 'gifts',
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        unsubscribeUrl: link.unsubscribe,
        metadata: {
          giftId: event.gift.id,
          couponId: event.coupon.id,
          event: event.kind,
          role: notice.role,
          locale: reader.locale,
        },
      })
    }
    await deps.channels.enqueue(tx, messages)
  }

  /** Each notice on the first of its channels consent lets it go on (an opt-out of `gifts` is respected). */
  async function allowed(tx: AnyDb, notices: readonly PlannedNotice[], at: Date): Promise<Going[]> {
    const asks = notices.flatMap((notice) =>
      notice.channels.map((channel) => ({
        notice,
        request: {
          customerId: notice.customerId,
          channel,
          messageType: 'gifts' as const,
          at,
          quietHours: 'hold' as const,
          address: notice.address ?? undefined,
        },
      })),
    )
    const decisions = await deps.consent.decideMany(
      tx,
      asks.map((a) => a.request),
    )
    const going: Going[] = []
    for (const notice of notices) {
      const i = asks.findIndex((a, j) => a.notice === notice && decisions[j]?.decision === 'send')
      const decision = decisions[i]
      const ask = asks[i]
      if (ask && decision?.decision === 'send') going.push({ notice, request: ask.request, to: decision.to })
    }
    return going
  }
}

/** Whose profiles a gift event's notices read: the giver, and the receiver or whoever claimed it. */
const peopleOf = (event: GiftEvent): string[] =>
  [event.gift.giverId, event.gift.receiverId, event.gift.claimedBy].filter((id): id is string => id !== null)

/** What a template says of the gift, in the reader's words and on their clock. */
function giftWords(
  event: GiftEvent,
  people: Map<string, { traits: Record<string, unknown> }>,
  reader: Reader,
) {
  const { gift } = event
  const receiver = gift.claimedBy ?? gift.receiverId
  return {
    id: gift.id,
    giverName: firstNameOf(people.get(gift.giverId)?.traits),
    receiverName: receiver ? firstNameOf(people.get(receiver)?.traits) : null,
    message: gift.message,
    sentTo: gift.sentTo,
    claimBy: formatDate(gift.claimExpiresAt, reader.locale, reader.timeZone, !reader.ownZone),
    joined: gift.joinedThrough,
  }
}

/** What a template says of the coupon; the receiver of a pending gift is not shown the giver's code. */
function couponWords(event: GiftEvent, notice: PlannedNotice, reader: Reader, now: Date) {
  const { code, ...view } = couponView(event.coupon, reader, now, { asGift: notice.role === 'receiver' })
  return {
    ...view,
    ...(notice.role === 'giver' ? { code } : {}),
    expiresAt: event.coupon.expiresAt,
    expired: view.state === 'expired',
  }
}

import { createHash } from 'node:crypto'
import type { ChannelName } from '../channels/index.js'
import type { GiftEvent, GiftEventKind } from '../coupons/index.js'

/** The message each gift event sends (starter templates: `src/templates/gift-starters.ts`). */
export const GIFT_NOTICE_TEMPLATES = {
  sent: 'gift_received',
  claimed: 'gift_claimed',
  declined: 'gift_declined',
  cancelled: 'gift_cancelled',
  expired: 'gift_expired',
} as const satisfies Record<GiftEventKind, string>

/** Whom a notice is for: the receiver of a gift just sent, or its giver once it ended. */
export type NoticeRole = 'receiver' | 'giver'

/** One notice to send: to whom, on which channels (the first one consent allows), with which link. */
export interface PlannedNotice {
  /** `gift:<giftId>:<event>:<role>`: the outbox stores and sends it once. */
  idempotencyKey: string
  event: GiftEvent
  role: NoticeRole
  template: (typeof GIFT_NOTICE_TEMPLATES)[GiftEventKind]
  /** The member, or for a friend who is not one a stable id of the address (their unsubscribe sticks). */
  customerId: string
  /** The address of a friend without a profile; null for a member (their profile's address is used). */
  address: string | null
  /** Channels to try, best first. */
  channels: ChannelName[]
  /** The link the notice carries: the claim link for a friend who is not a member, else the wallet. */
  link: 'claim' | 'wallet'
}

/** The personal channels, best first for a member who may get any: e-mail, then messenger, then SMS. */
const PREFERRED: readonly ChannelName[] = ['email', 'messenger', 'sms']

/**
 * The channels to try, best first: those with a provider before those without (a message on a channel
 * with none waits in the outbox until one is configured).
 */
function ranked(candidates: readonly ChannelName[], configured: ReadonlySet<ChannelName>): ChannelName[] {
  return [...candidates.filter((c) => configured.has(c)), ...candidates.filter((c) => !configured.has(c))]
}

/** The channels of an address: an e-mail goes by e-mail; a phone number by SMS, or messenger where that is set up. */
export function channelsOfAddress(address: string, configured: ReadonlySet<ChannelName>): ChannelName[] {
  if (address.includes('@')) return ['email']
  return ranked(['sms', 'messenger'], configured)
}

/** A stable customer id for an address with no member behind it: the same address, the same id. */
export function contactIdOf(address: string): string {
  const normal = address.includes('@') ? address.trim().toLowerCase() : address.replace(/[^0-9]/g, '')
  return `contact_${createHash('sha256').update(normal).digest('hex').slice(0, 20)}`
}

/**
 * The notices a gift event sends. A gift sent to a member or to an e-mail or phone tells the receiver, on
 * the channel of the address it was sent to (or the member's best one); a link gift tells no one (the giver
 * passes the link on). A claim, a decline, a gift taken back or not claimed in time tells the giver.
 */
export function planNotices(event: GiftEvent, configured: ReadonlySet<ChannelName>): PlannedNotice[] {
  const { gift, kind } = event
  const notice = (
    role: NoticeRole,
    rest: Omit<PlannedNotice, 'idempotencyKey' | 'event' | 'role' | 'template'>,
  ) => ({
    idempotencyKey: `gift:${gift.id}:${kind}:${role}`,
    event,
    role,
    template: GIFT_NOTICE_TEMPLATES[kind],
    ...rest,
  })
  if (kind !== 'sent')
    return [
      notice('giver', {
        customerId: gift.giverId,
        address: null,
        channels: ranked(PREFERRED, configured),
        link: 'wallet',
      }),
    ]
  if (gift.receiverId !== null)
    return [
      notice('receiver', {
        customerId: gift.receiverId,
        address: null,
        channels: gift.sentTo ? channelsOfAddress(gift.sentTo, configured) : ranked(PREFERRED, configured),
        link: 'wallet',
      }),
    ]
  if (gift.sentTo === null || event.claimUrl === null) return []
  return [
    notice('receiver', {
      customerId: contactIdOf(gift.sentTo),
      address: gift.sentTo.trim(),
      channels: channelsOfAddress(gift.sentTo, configured),
      link: 'claim',
    }),
  ]
}

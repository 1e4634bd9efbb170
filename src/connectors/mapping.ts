import { createHash } from 'node:crypto'
import type { z } from 'zod'
import { anonymousCustomerId, isAnonymousCustomer, type RawMessage } from '../events/index.js'

/**
 * The generic surface of shop connectors: a platform's webhook (topic + JSON body) becomes Reel's Segment
 * messages, by pure functions. The HTTP route (signature checks, storage) is not here; one file per
 * platform implements `Connector`.
 */

/** What a mapping knows besides the body: whose shop it is and when the delivery arrived. */
export interface ConnectorContext {
  /** The shop's identity on its platform, e.g. `example.myshopify.com`; it is part of every messageId. */
  shop: string
  /** ISO time of the delivery; used only where the platform gives the fact no time of its own. */
  receivedAt: string
  /**
   * Who bought an order Reel already knows (the route looks it up by the body's `order_id`), for bodies
   * that do not name their buyer: Shopify's refunds and fulfilments. Without it, such an event belongs to
   * the order as an anonymous visitor `order:<id>`, as carrier updates do.
   */
  orderBuyer?: ((orderId: string) => Person | undefined) | undefined
}

/** A platform's privacy request: what the route must erase or export, not an event. */
export type PrivacyRequest =
  | {
      kind: 'erase'
      customerId: string
      email?: string
      phone?: string
      shopDomain: string
      /** The platform's order ids whose personal data goes. */
      ordersToRedact: string[]
    }
  | {
      kind: 'export'
      customerId: string
      email?: string
      phone?: string
      shopDomain: string
      ordersRequested: string[]
      /** The platform's id of the request, to quote when answering it. */
      requestId?: string
    }
  /** The shop uninstalled Reel's app long enough ago that all its data goes. */
  | { kind: 'erase_shop'; shopDomain: string }

/** What one webhook maps to: messages for the ingestor (possibly none), or a privacy request. */
export type Mapped = { messages: RawMessage[] } | { privacy: PrivacyRequest }

/** Why a webhook maps to nothing: a topic the connector does not take, or a body that is no such thing. */
export type ConnectorProblem =
  | { kind: 'unsupported_topic'; topic: string }
  /** `field` is a dotted path from `body`, e.g. `body.line_items.0.price`. */
  | { kind: 'malformed_body'; field: string; problem: string }

export type MapOutcome = ({ ok: true } & Mapped) | { ok: false; problem: ConnectorProblem }

/** A shop platform: its name, the webhook topics it maps, and the mapping. Pure: no I/O, no clock. */
export interface Connector {
  readonly name: string
  readonly topics: readonly string[]
  /** One webhook as Reel's messages; never throws for any topic or body. */
  map(topic: string, body: unknown, ctx: ConnectorContext): MapOutcome
}

/** A body that is no such thing, thrown inside a mapping and turned into its outcome by `mapped`. */
export class MalformedBody extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`)
  }
}

/** The body read by a schema (loose: only the fields the mapping relies on); throws MalformedBody. */
export function readBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new MalformedBody(['body', ...(issue?.path ?? []).map(String)].join('.'), issue?.message ?? 'invalid')
}

/** Runs a mapping, turning a MalformedBody into its outcome (any other error is a bug and propagates). */
export function mapped(run: () => Mapped): MapOutcome {
  try {
    return { ok: true, ...run() }
  } catch (error) {
    if (error instanceof MalformedBody)
      return { ok: false, problem: { kind: 'malformed_body', field: error.field, problem: error.problem } }
    throw error
  }
}

export const unsupportedTopic = (topic: string): MapOutcome => ({
  ok: false,
  problem: { kind: 'unsupported_topic', topic },
})

/** Who a message is about, Segment's way. */
export type Person = { userId: string; anonymousId?: string } | { anonymousId: string }

/** A Reel customer id (a member's userId, or `anon:<anonymousId>`) as the person of a message. */
export function personOfCustomer(customerId: string): Person {
  return isAnonymousCustomer(customerId)
    ? { anonymousId: customerId.slice(anonymousCustomerId('').length) }
    : { userId: customerId }
}

/** The one id an event of an existing order goes by: its member, else its visitor. */
export function mainId(person: Person): Person {
  return 'userId' in person ? { userId: person.userId } : { anonymousId: person.anonymousId }
}

/** The person of an event whose body names only its order (a refund, a shipment). */
export function orderPerson(orderId: string, ctx: ConnectorContext): Person {
  const known = ctx.orderBuyer?.(orderId)
  return known ? mainId(known) : { anonymousId: `order:${orderId}` }
}

/**
 * Ties the visitor `order:<id>` (orderPerson's fallback) to the order's member buyer: a refund or a
 * fulfilment delivered before its order (or refunded after the shop connected, before a back-fill) then
 * joins the buyer's history once the order arrives, as an anonymous visitor's does on sign-in. A guest
 * buyer is a visitor too, and two visitors are not merged: their early events stay with the order.
 */
export function orderVisitorLink(
  messageId: string,
  orderId: string,
  buyer: Person,
  timestamp: string,
  context: Record<string, unknown>,
): RawMessage[] {
  if (!('userId' in buyer)) return []
  return [
    identifyFact({
      messageId,
      person: { userId: buyer.userId, anonymousId: `order:${orderId}` },
      timestamp,
      traits: {},
      context,
    }),
  ]
}

/** What every message of a connector carries: which platform and shop it came from. */
export function connectorContext(platform: string, shop: string): Record<string, unknown> {
  return { integration: { name: platform, version: '1' }, shop }
}

/** A track message for a fact; the messageId names the fact, so every delivery of it is stored once. */
export function trackFact(input: {
  messageId: string
  event: string
  person: Person
  timestamp: string
  properties: Record<string, unknown>
  context: Record<string, unknown>
}): RawMessage {
  const { person, ...rest } = input
  return { type: 'track', ...person, ...rest }
}

/** An identify message for what a platform says about a person. */
export function identifyFact(input: {
  messageId: string
  person: Person
  timestamp: string
  traits: Record<string, unknown>
  context: Record<string, unknown>
}): RawMessage {
  const { person, ...rest } = input
  return { type: 'identify', ...person, ...rest }
}

/** An alias message: the platform's id and the shop's own id are one person. */
export function aliasFact(input: {
  messageId: string
  previousId: string
  userId: string
  timestamp: string
  context: Record<string, unknown>
}): RawMessage {
  return { type: 'alias', ...input }
}

/** The object without its null, undefined and empty-string fields (Reel's schema refuses a null id). */
export function compact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields))
    if (value !== null && value !== undefined && value !== '') out[key] = value
  return out
}

/** A short, stable digest of some text, for ids that must not spell an e-mail address out. */
export function digest(text: string, length = 24): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}

/** Attribute names under which a shop passes its own ids through a cart or order. */
const SHOP_USER_ID_NAMES = ['reel_user_id', 'segment_user_id']
const SHOP_ANONYMOUS_ID_NAMES = ['reel_anonymous_id', 'segment_anonymous_id', 'ajs_anonymous_id']

/** The ids a shop passed through a cart or order's attributes (name/value pairs), first named first. */
export function passedIds(pairs: ReadonlyArray<{ name: string; value: unknown }>): {
  userId: string | undefined
  anonymousId: string | undefined
} {
  const firstValue = (names: string[]) => {
    for (const name of names) {
      const pair = pairs.find((p) => p.name.trim().toLowerCase() === name)
      const value =
        typeof pair?.value === 'string'
          ? pair.value.trim()
          : typeof pair?.value === 'number'
            ? String(pair.value)
            : ''
      if (value !== '' && value.length <= 256) return value
    }
    return undefined
  }
  return { userId: firstValue(SHOP_USER_ID_NAMES), anonymousId: firstValue(SHOP_ANONYMOUS_ID_NAMES) }
}

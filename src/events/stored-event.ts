import type { AnyDb } from '../db/index.js'
import type { EventsTables } from './migrations.js'

/** An event as stored in the log and handed to projections, in log order. */
export interface StoredEvent {
  seq: number
  messageId: string
  customerId: string
  userId: string | null
  anonymousId: string | null
  type: string
  event: string | null
  name: string | null
  occurredAt: Date
  properties: Record<string, unknown>
  traits: Record<string, unknown>
}

/** The columns of the log a StoredEvent is made of. */
export const STORED_EVENT_COLUMNS = [
  'seq',
  'message_id',
  'customer_id',
  'user_id',
  'anonymous_id',
  'type',
  'event',
  'name',
  'occurred_at',
  'properties',
  'traits',
] as const

type EventsRow = EventsTables['events']

/**
 * A row of the log with those columns. Its time is `occurred_at`, or `occurred_ms` (epoch milliseconds)
 * where a reader of the whole log selects a number, which reads far faster than a timestamp's text.
 */
export type StoredEventRow = Pick<EventsRow, Exclude<(typeof STORED_EVENT_COLUMNS)[number], 'occurred_at'>> &
  ({ occurred_at: Date } | { occurred_ms: number })

/** A row of the log as projections and rules read it. */
export function storedEventFromRow(r: StoredEventRow): StoredEvent {
  return {
    seq: r.seq,
    messageId: r.message_id,
    customerId: r.customer_id,
    userId: r.user_id,
    anonymousId: r.anonymous_id,
    type: r.type,
    event: r.event,
    name: r.name,
    occurredAt: 'occurred_at' in r ? r.occurred_at : new Date(r.occurred_ms),
    properties: r.properties,
    traits: r.traits,
  }
}

/** An anonymous visitor's profile folded into a member's when identify or alias ties them. */
export interface CustomerMerge {
  from: string
  to: string
}

/** Customer id of an anonymous visitor not yet tied to a member. */
export function anonymousCustomerId(anonymousId: string): string {
  return `anon:${anonymousId}`
}

/** Whether a customer id is an anonymous visitor's (nobody's customer until identify or alias ties it). */
export function isAnonymousCustomer(customerId: string): boolean {
  return customerId.startsWith(anonymousCustomerId(''))
}

/**
 * Derived state kept up to date from the event log (profiles, orders, carts, products).
 * `apply` runs in a projector's transaction, behind the log, for events not projected before, in log
 * order within a partition (a customer's events keep theirs); `merge` where an identity link folds a
 * visitor into a member. Replaying the whole log through `apply` after `reset` gives the same state.
 */
export interface Projection {
  name: string
  apply(tx: AnyDb, events: StoredEvent[]): Promise<void>
  merge(tx: AnyDb, merges: CustomerMerge[]): Promise<void>
  reset(tx: AnyDb): Promise<void>
}

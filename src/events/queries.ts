import { type AnyDb, tablesOf } from '../db/index.js'
import type { EventsTables } from './migrations.js'
import { storedEventFromRow } from './stored-event.js'

export interface EventFilter {
  customerId?: string | undefined
  event?: string | undefined
  messageId?: string | undefined
  /** Returns events after this log position (the `next` cursor of the previous page). */
  after?: number | undefined
  limit: number
}

export interface EventPage {
  events: {
    seq: number
    messageId: string
    customerId: string
    userId: string | null
    anonymousId: string | null
    type: string
    event: string | null
    name: string | null
    timestamp: string
    receivedAt: string
    source: string
    properties: Record<string, unknown>
    traits: Record<string, unknown>
  }[]
  /** Cursor for the next page, null on the last page. */
  next: number | null
}

type EventView = EventPage['events'][number]

function toEventView(r: EventsTables['events']): EventView {
  // The API's view is the stored event with its times as ISO strings and where it came from.
  const { occurredAt, ...event } = storedEventFromRow(r)
  return {
    ...event,
    timestamp: occurredAt.toISOString(),
    receivedAt: r.received_at.toISOString(),
    source: r.source,
  }
}

/** A customer's latest events, newest first (by when they happened). */
export async function customerTimeline(db: AnyDb, customerId: string, limit: number): Promise<EventView[]> {
  const rows = await tablesOf<EventsTables>(db)
    .selectFrom('events')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('occurred_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toEventView)
}

/** Events of the log in arrival order, filtered, one page at a time. */
export async function listEvents(db: AnyDb, filter: EventFilter): Promise<EventPage> {
  let q = tablesOf<EventsTables>(db)
    .selectFrom('events')
    .selectAll()
    .orderBy('seq')
    .limit(filter.limit + 1)
  if (filter.customerId) q = q.where('customer_id', '=', filter.customerId)
  if (filter.event) q = q.where('event', '=', filter.event)
  if (filter.messageId) q = q.where('message_id', '=', filter.messageId)
  if (filter.after !== undefined) q = q.where('seq', '>', filter.after)
  const rows = await q.execute()
  const page = rows.slice(0, filter.limit)
  return {
    events: page.map(toEventView),
    next: rows.length > filter.limit ? (page.at(-1)?.seq ?? null) : null,
  }
}

/** Quarantined events with the reason each was set aside, newest first. */
export async function listQuarantine(db: AnyDb, options: { after?: number | undefined; limit: number }) {
  let q = tablesOf<EventsTables>(db)
    .selectFrom('quarantine')
    .select(['id', 'received_at', 'source', 'batch_index', 'field', 'problem', 'message'])
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
  if (options.after !== undefined) q = q.where('id', '<', options.after)
  const rows = await q.execute()
  const page = rows.slice(0, options.limit)
  return {
    items: page.map((r) => ({
      id: r.id,
      receivedAt: r.received_at.toISOString(),
      source: r.source,
      index: r.batch_index,
      field: r.field,
      problem: r.problem,
      message: r.message,
    })),
    next: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
  }
}

/** Counts of stored and quarantined events. */
export async function countEvents(db: AnyDb): Promise<{ events: number; quarantined: number }> {
  const t = tablesOf<EventsTables>(db)
  const [events, quarantined] = await Promise.all([
    t
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    t
      .selectFrom('quarantine')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { events: Number(events.n), quarantined: Number(quarantined.n) }
}

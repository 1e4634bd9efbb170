import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import type { EventsTables } from './migrations.js'
import { anonymousCustomerId, type StoredEvent } from './stored-event.js'

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

type StoredEventRow = Pick<EventsTables['events'], (typeof STORED_EVENT_COLUMNS)[number]>

export function toStoredEvent(r: StoredEventRow): StoredEvent {
  return {
    seq: r.seq,
    messageId: r.message_id,
    customerId: r.customer_id,
    userId: r.user_id,
    anonymousId: r.anonymous_id,
    type: r.type,
    event: r.event,
    name: r.name,
    occurredAt: r.occurred_at,
    properties: r.properties,
    traits: r.traits,
  }
}

/** The whole history of each given customer, in time order (log order among equal times). */
export async function customerHistories(
  db: AnyDb,
  customerIds: readonly string[],
): Promise<Map<string, StoredEvent[]>> {
  const histories = new Map<string, StoredEvent[]>(customerIds.map((id) => [id, []]))
  if (customerIds.length === 0) return histories
  const rows = await tablesOf<EventsTables>(db)
    .selectFrom('events')
    .select(STORED_EVENT_COLUMNS)
    .where('customer_id', '=', sql<string>`any(${[...customerIds]}::text[])`)
    .orderBy('customer_id')
    .orderBy('occurred_at')
    .orderBy('seq')
    .execute()
  for (const r of rows) histories.get(r.customer_id)?.push(toStoredEvent(r))
  return histories
}

const ANONYMOUS_PREFIX = anonymousCustomerId('')

/**
 * The next `limit` members (customers with a userId, not anonymous visitors) that have events, in id
 * order after `after`: lets a full pass over the log go member by member in bounded memory.
 */
export async function membersAfter(db: AnyDb, after: string | null, limit: number): Promise<string[]> {
  let q = tablesOf<EventsTables>(db)
    .selectFrom('events')
    .select('customer_id')
    .where('customer_id', 'not like', `${ANONYMOUS_PREFIX}%`)
    .groupBy('customer_id')
    .orderBy('customer_id')
    .limit(limit)
  if (after !== null) q = q.where('customer_id', '>', after)
  return (await q.execute()).map((r) => r.customer_id)
}

/** Time of the latest event in the log, or null when it is empty. */
export async function lastEventAt(db: AnyDb): Promise<Date | null> {
  const row = await tablesOf<EventsTables>(db)
    .selectFrom('events')
    .select((eb) => eb.fn.max('occurred_at').as('at'))
    .executeTakeFirst()
  return row?.at ?? null
}

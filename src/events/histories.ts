import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import type { EventsTables, ProjectorName } from './migrations.js'
import {
  anonymousCustomerId,
  type StoredEvent,
  type StoredEventRow,
  storedEventFromRow,
} from './stored-event.js'

const ANONYMOUS_PREFIX = anonymousCustomerId('')

/**
 * The part of the log a reader of histories needs: the properties of these events only (others come
 * with none), and no traits. Most of a shop's log is page and product views whose properties rules
 * never read, so a history read for rules moves a fraction of the log's bytes.
 */
export interface HistoryProjection {
  /** Event names (track events, or `page`, `identify`, ...) whose properties are kept. */
  propertiesOf: readonly string[]
  /**
   * Only events this projector has reached (in its own transaction, those of its batch too): a reader
   * that is itself fed events by the projector must not also find them in a history read before.
   */
  projectedBy?: ProjectorName
}

function projectedOnly(projection: HistoryProjection | undefined) {
  if (!projection?.projectedBy) return sql``
  return sql`and (events.projected_by_writer or exists (select 1 from projector_checkpoints c
    where c.projector = ${projection.projectedBy} and c.part = events.part and (events.xid, events.seq) <= (c.xid, c.seq)))`
}

function selectedColumns(projection: HistoryProjection | undefined) {
  if (!projection) return sql`properties, traits`
  return sql`case when coalesce(event, type) = any(${[...projection.propertiesOf]}::text[])
      then properties else '{}'::jsonb end as properties,
    '{}'::jsonb as traits`
}

// Epoch milliseconds: a number reads far faster than a timestamp's text, on a path that reads the whole log.
const OCCURRED_MS = sql`(extract(epoch from occurred_at) * 1000)::float8 as occurred_ms`

type HistoryRow = Extract<StoredEventRow, { occurred_ms: number }>

function groupByCustomer(
  rows: HistoryRow[],
  histories: Map<string, StoredEvent[]>,
): Map<string, StoredEvent[]> {
  for (const r of rows) {
    const list = histories.get(r.customer_id)
    if (list) list.push(storedEventFromRow(r))
    else histories.set(r.customer_id, [storedEventFromRow(r)])
  }
  return histories
}

/** The whole history of each given customer, in time order (log order among equal times). */
export async function customerHistories(
  db: AnyDb,
  customerIds: readonly string[],
  projection?: HistoryProjection,
): Promise<Map<string, StoredEvent[]>> {
  const histories = new Map<string, StoredEvent[]>(customerIds.map((id) => [id, []]))
  if (customerIds.length === 0) return histories
  const rows = await sql<HistoryRow>`
    select seq, message_id, customer_id, user_id, anonymous_id, type, event, name, ${OCCURRED_MS},
      ${selectedColumns(projection)}
    from events
    where customer_id = any(${[...customerIds]}::text[]) ${projectedOnly(projection)}
    order by customer_id, occurred_at, seq`.execute(db)
  return groupByCustomer(rows.rows, histories)
}

/** Every member (a customer with a userId, not an anonymous visitor) with events, in id order. */
export async function memberIds(db: AnyDb): Promise<string[]> {
  const rows = await sql<{ customer_id: string }>`
    select distinct customer_id from events
    where customer_id not like ${`${ANONYMOUS_PREFIX}%`} order by customer_id`.execute(db)
  return rows.rows.map((r) => r.customer_id)
}

/**
 * The histories of the members whose ids lie in [first, last], in one index range scan: a full pass
 * over the log goes member by member in bounded memory.
 */
export async function memberHistoriesBetween(
  db: AnyDb,
  first: string,
  last: string,
  projection?: HistoryProjection,
): Promise<Map<string, StoredEvent[]>> {
  const rows = await sql<HistoryRow>`
    select seq, message_id, customer_id, user_id, anonymous_id, type, event, name, ${OCCURRED_MS},
      ${selectedColumns(projection)}
    from events
    where customer_id >= ${first} and customer_id <= ${last} and customer_id not like ${`${ANONYMOUS_PREFIX}%`}
      ${projectedOnly(projection)}
    order by customer_id, occurred_at, seq`.execute(db)
  return groupByCustomer(rows.rows, new Map())
}

/** Time of the latest event in the log, or null when it is empty. */
export async function lastEventAt(db: AnyDb): Promise<Date | null> {
  const row = await tablesOf<EventsTables>(db)
    .selectFrom('events')
    .select((eb) => eb.fn.max('occurred_at').as('at'))
    .executeTakeFirst()
  return row?.at ?? null
}

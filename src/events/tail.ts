import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'

/** A track event as a reader of the log's tail (a campaign trigger) sees it. */
export interface ArrivedEvent {
  seq: number
  messageId: string
  customerId: string
  event: string
  occurredAt: Date
  properties: Record<string, unknown>
}

/** What one read of the tail found: the events of that name, and how far the log was read. */
export interface TailPage {
  events: ArrivedEvent[]
  /** The log position read up to; the next read starts after it. */
  readTo: number
  /** Whether the read stopped at its row limit (there may be more to read now). */
  full: boolean
}

/**
 * Track events named `event` stored after log position `after`, in log order. The read stops at the first
 * event of any name received less than `lagMs` ago by the database clock: positions are handed out before
 * commit, so a later one can become visible first, and the lag lets the earlier one commit before the reader
 * moves past it. Events of other names are read too (only their position), so the position moves on even
 * while the named event is rare.
 */
export async function eventsArrivedAfter(
  db: AnyDb,
  options: { after: number; event: string; lagMs: number; limit: number },
): Promise<TailPage> {
  const result = await sql<{
    seq: string
    message_id: string
    customer_id: string
    occurred_at: Date
    properties: Record<string, unknown> | null
    settled: boolean
  }>`
    select seq, message_id, customer_id, occurred_at,
      case when event = ${options.event} and type = 'track' then properties end as properties,
      received_at < now() - make_interval(secs => ${options.lagMs / 1000}) as settled
    from events where seq > ${options.after} order by seq limit ${options.limit}`.execute(db)
  const events: ArrivedEvent[] = []
  let readTo = options.after
  for (const row of result.rows) {
    if (!row.settled) return { events, readTo, full: false }
    readTo = Number(row.seq)
    if (row.properties)
      events.push({
        seq: readTo,
        messageId: row.message_id,
        customerId: row.customer_id,
        event: options.event,
        occurredAt: row.occurred_at,
        properties: row.properties,
      })
  }
  return { events, readTo, full: result.rows.length === options.limit }
}

/**
 * Where a new reader of events named `event` starts so that it sees those that happened since `since`:
 * just before the first such event in the log, else at the log's end.
 */
export async function eventReadStart(db: AnyDb, event: string, since: Date): Promise<number> {
  const result = await sql<{ start: string | null }>`
    select coalesce(
      (select min(seq) - 1 from events where event = ${event} and occurred_at >= ${since}),
      (select max(seq) from events), 0) as start`.execute(db)
  return Number(result.rows[0]?.start ?? 0)
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import {
  type ChannelName,
  type MessageContentRow,
  messageOfRow,
  type OutboxState,
  type OutboxView,
} from './message.js'

export interface MessageFilter {
  customerId?: string
  state?: OutboxState
  channel?: ChannelName
  limit: number
  /** The `next` of the previous page. */
  after?: string
}

interface MessageRow extends MessageContentRow {
  id: string
  state: OutboxState
  attempts: number
  next_attempt_at: Date | null
  last_error: string | null
  provider_message_id: string | null
  created_at: Date
  sent_at: Date | null
  updated_at: Date
}

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString())

/** Outbox messages, newest first, a page at a time. */
export async function listMessages(
  db: AnyDb,
  filter: MessageFilter,
): Promise<{ messages: OutboxView[]; next: string | null }> {
  const where = [sql`true`]
  if (filter.customerId !== undefined) where.push(sql`customer_id = ${filter.customerId}`)
  if (filter.state !== undefined) where.push(sql`state = ${filter.state}`)
  if (filter.channel !== undefined) where.push(sql`channel = ${filter.channel}`)
  if (filter.after !== undefined) where.push(sql`id < ${filter.after}::bigint`)
  const { rows } = await sql<MessageRow>`
    select id::text, idempotency_key, channel, customer_id, message_type, recipient, subject, body_text,
      body_html, unsubscribe_url, metadata, state, attempts, next_attempt_at, last_error, provider_message_id,
      created_at, sent_at, updated_at
    from outbox_messages where ${sql.join(where, sql` and `)}
    order by outbox_messages.id desc limit ${filter.limit}`.execute(db)
  const messages = rows.map(
    (r): OutboxView => ({
      ...messageOfRow(r),
      id: r.id,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: iso(r.next_attempt_at),
      lastError: r.last_error,
      providerMessageId: r.provider_message_id,
      createdAt: iso(r.created_at) as string,
      sentAt: iso(r.sent_at),
      updatedAt: iso(r.updated_at) as string,
    }),
  )
  const last = messages.at(-1)
  return { messages, next: messages.length === filter.limit && last ? last.id : null }
}

/** How many outbox messages each channel has in each state. */
export async function outboxCounts(
  db: AnyDb,
): Promise<Array<{ channel: ChannelName; state: OutboxState; n: number }>> {
  const result = await sql<{ channel: ChannelName; state: OutboxState; n: number }>`
    select channel, state, count(*)::int as n from outbox_messages group by channel, state`.execute(db)
  return result.rows
}

/** Where a message stands in the outbox, for a module that queued it. */
export interface DeliveryState {
  state: OutboxState
  lastError: string | null
  /**
   * Nothing will change it any more: dead, or sent with its round's lease over (until then a server that
   * refuses the message after its end can still turn `sent` into `failed`).
   */
  final: boolean
}

/** Where the messages of these idempotency keys stand; `leaseOverBefore`: rounds claimed before it are over. */
export async function deliveryStates(
  db: AnyDb,
  keys: readonly string[],
  leaseOverBefore: Date,
): Promise<Map<string, DeliveryState>> {
  if (keys.length === 0) return new Map()
  const { rows } = await sql<{
    idempotency_key: string
    state: OutboxState
    last_error: string | null
    final: boolean
  }>`
    select idempotency_key, state, last_error,
      state = 'dead' or (state = 'sent' and sent_at <= ${leaseOverBefore}) as final
    from outbox_messages where idempotency_key = any(${[...keys]}::text[])`.execute(db)
  return new Map(
    rows.map((r) => [r.idempotency_key, { state: r.state, lastError: r.last_error, final: r.final }]),
  )
}

import { Kysely, PostgresDialect, sql } from 'kysely'
import type pg from 'pg'
import type { AnyDb } from '../db/index.js'
import type { FinishJournal, JournalGroup } from './finish-journal.js'
import { type ChannelName, type MessageContentRow, messageOfRow, type OutgoingMessage } from './message.js'
import type { DueMessage } from './provider.js'

// Compiles statements for a raw pg client (no connection: it is never used to run anything).
const POSTGRES_COMPILER = new Kysely<object>({
  dialect: new PostgresDialect({ pool: async () => Promise.reject(new Error('compile only')) }),
})

/** An outbox row as the worker claims it. */
interface ClaimedRow extends MessageContentRow {
  id: string
  attempts: number
  retries: number
}

/** Stores messages in one statement (any number); an idempotency key already stored is left alone. */
export async function enqueueMessages(
  db: AnyDb,
  messages: OutgoingMessage[],
  now: Date,
): Promise<{ enqueued: string[]; duplicates: string[] }> {
  if (messages.length === 0) return { enqueued: [], duplicates: [] }
  const column = <T>(pick: (m: OutgoingMessage) => T) => messages.map(pick)
  const { rows } = await sql<{ idempotency_key: string }>`
    insert into outbox_messages (idempotency_key, channel, customer_id, message_type, recipient, subject,
      body_text, body_html, unsubscribe_url, metadata, state, next_attempt_at, created_at, updated_at)
    select k, c, cu, t, r, s, tx, h, u, m::jsonb, 'pending', ${now}, ${now}, ${now}
    from unnest(${column((m) => m.idempotencyKey)}::text[], ${column((m) => m.channel)}::text[],
      ${column((m) => m.customerId)}::text[], ${column((m) => m.messageType)}::text[],
      ${column((m) => m.to)}::text[], ${column((m) => m.subject)}::text[], ${column((m) => m.text)}::text[],
      ${column((m) => m.html)}::text[], ${column((m) => m.unsubscribeUrl)}::text[],
      ${column((m) => JSON.stringify(m.metadata))}::text[]) with ordinality as n(k, c, cu, t, r, s, tx, h, u, m, i)
    order by i
    on conflict (idempotency_key) do nothing
    returning idempotency_key`.execute(db)
  const stored = new Set(rows.map((r) => r.idempotency_key))
  const enqueued = [...stored]
  const duplicates = messages.map((m) => m.idempotencyKey).filter((key) => !stored.has(key))
  return { enqueued, duplicates }
}

/** What a claim sets on a row: `sending` under this round's lease and token, one more try. */
interface Claim {
  now: Date
  leaseEnd: Date
  token: string
}

const claimed = (claim: Claim) => sql`
    set state = 'sending', attempts = o.attempts + 1, next_attempt_at = ${claim.leaseEnd},
      lease_token = ${claim.token}, updated_at = ${claim.now}`
const CLAIMED_COLUMNS = sql`o.id::text, o.idempotency_key, o.channel, o.customer_id, o.message_type,
    o.recipient, o.subject, o.body_text, o.body_html, o.unsubscribe_url, o.metadata, o.attempts, o.retries`
const dueOf = (rows: ClaimedRow[]): DueMessage[] =>
  rows.map((r) => ({ ...messageOfRow(r), outboxId: r.id, attempt: r.attempts, retries: r.retries }))

/**
 * Claims due rows for one round, of the channels that have a provider: pending, failed and due again, or
 * left `sending` by a worker whose lease ran out. A message for a channel without a provider is not claimed
 * (it waits, its attempts untouched, until a process with that provider runs). Other workers skip the
 * locked rows; the token fences this round's marks.
 */
export async function claimDue(
  db: AnyDb,
  claim: Claim & { limit: number; channels: readonly ChannelName[] },
): Promise<DueMessage[]> {
  // Per channel, the oldest due rows (outbox_messages_due_per_channel), then the oldest of those: rows
  // waiting for a provider are never read, however many there are.
  const { rows } = await sql<ClaimedRow>`
    update outbox_messages o ${claimed(claim)}
    from (
      select d.id from unnest(${[...claim.channels]}::text[]) as ch(name)
      cross join lateral (
        select id, next_attempt_at from outbox_messages
        where channel = ch.name and state in ('pending', 'sending', 'failed') and next_attempt_at <= ${claim.now}
        order by next_attempt_at, id
        limit ${claim.limit}
        for update skip locked
      ) d
      order by d.next_attempt_at, d.id
      limit ${claim.limit}
    ) due
    where o.id = due.id
    returning ${CLAIMED_COLUMNS}`.execute(db)
  return dueOf(rows)
}

/** Claims the pending message of one idempotency key (a test message, in the transaction that stored it). */
export async function claimPending(db: AnyDb, key: string, claim: Claim): Promise<DueMessage | undefined> {
  const { rows } = await sql<ClaimedRow>`
    update outbox_messages o ${claimed(claim)}
    where o.idempotency_key = ${key} and o.state = 'pending'
    returning ${CLAIMED_COLUMNS}`.execute(db)
  return dueOf(rows)[0]
}

type SentMark = { outboxId: string; providerMessageId: string | null }

const markSentStatement = (sent: readonly SentMark[], token: string, now: Date) => sql<{ id: string }>`
    update outbox_messages o
    set state = 'sent', sent_at = ${now}, updated_at = ${now}, next_attempt_at = null, last_error = null,
      provider_message_id = s.provider_id
    from unnest(${sent.map((s) => s.outboxId)}::bigint[], ${sent.map((s) => s.providerMessageId)}::text[])
      as s(id, provider_id)
    where o.id = s.id and o.state = 'sending' and o.lease_token = ${token}
    returning o.id::text`

/**
 * Marks rows sent and finishes their messages: the rows are marked (and locked) in a transaction; then each
 * one still ours is journaled and its message finished (its end written), one after the other in one
 * synchronous stretch; then the COMMIT. A crash in the middle rolls the marks back, and the journal tells
 * the next start which messages went (finish-journal.ts). A COMMIT that fails after the messages went is
 * tried once more outside the transaction; if that fails too, the journal keeps them for the next start.
 */
export async function markSentAndFinish(
  pool: pg.Pool,
  sent: readonly SentMark[],
  token: string,
  now: Date,
  finish: (outboxId: string) => void,
  journal: FinishJournal,
): Promise<void> {
  const compiled = markSentStatement(sent, token, now).compile(POSTGRES_COMPILER)
  const client = await pool.connect()
  let group: JournalGroup | undefined
  let failure: { error: unknown } | undefined
  try {
    await client.query('begin')
    const { rows } = await client.query<{ id: string }>(compiled.sql, [...compiled.parameters])
    group = journal.group(token)
    for (const { id } of rows) {
      group.finishing(id)
      finish(id)
    }
    await client.query('commit')
  } catch (error) {
    failure = { error }
    await client.query('rollback').catch(() => undefined)
  } finally {
    client.release(failure ? (failure.error instanceof Error ? failure.error : true) : undefined)
  }
  if (!failure) return group?.settled(true)
  if (group) {
    // The messages went: their rows must say so, or they are sent again once the lease ends.
    const marked = await pool.query(compiled.sql, [...compiled.parameters]).then(
      () => true,
      () => false,
    )
    group.settled(marked)
    if (marked) return
  }
  throw failure.error
}

/** A try that failed: due again at `retryAt`, or dead when `retryAt` is null. */
export interface FailedTry {
  outboxId: string
  error: string
  retryAt: Date | null
}

/** Records failed tries in one statement, including rows marked sent whose server then refused them. */
export async function markFailed(db: AnyDb, failed: FailedTry[], token: string, now: Date): Promise<void> {
  if (failed.length === 0) return
  await sql`
    update outbox_messages o
    set state = case when f.retry_at is null then 'dead' else 'failed' end, next_attempt_at = f.retry_at,
      last_error = f.error, sent_at = null, updated_at = ${now}
    from unnest(${failed.map((f) => f.outboxId)}::bigint[], ${failed.map((f) => f.error)}::text[],
      ${failed.map((f) => f.retryAt)}::timestamptz[]) as f(id, error, retry_at)
    where o.id = f.id and o.state in ('sending', 'sent') and o.lease_token = ${token}`.execute(db)
}

import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import type { EventIngestor } from './ingestor.js'
import { formatPosition, type LogPosition, parsePosition } from './log-position.js'
import { type MessageProblem, type RawMessage, readMessage, type ValidMessage } from './message.js'
import type { EventsTables } from './migrations.js'
import { partOf } from './migrations.js'
import { eventsArePartitioned } from './partitions.js'
import { anonymousCustomerId, type CustomerMerge, type Projection, type StoredEvent } from './stored-event.js'
import { withRetry } from './with-retry.js'

export interface IngestDeps {
  db: AnyDb
  clock: () => Date
  /**
   * Runs once a batch is committed, unless the caller asks for the bare acknowledgement: in-process
   * callers (imports, the demo, coupons) read what they wrote, so the app projects it before answering.
   */
  settle?: (position: LogPosition) => Promise<void>
  /** Told of every committed batch, settled or not (wakes the projector workers). */
  appended?: () => void
  /**
   * Every projection, in projector order: events stored in a caller's transaction are projected in it,
   * since the caller reads them before it commits (a gift claim, the newcomer's profile).
   */
  projections?: Projection[]
}

/** A messageId for clients that send none, derived from the content so a resend still dedupes. */
function contentMessageId(raw: RawMessage): string {
  return `reel-${createHash('sha256').update(JSON.stringify(raw)).digest('hex').slice(0, 32)}`
}

interface Prepared {
  messages: (ValidMessage & { messageId: string })[]
  problems: MessageProblem[]
  rejected: { problem: MessageProblem; raw: unknown }[]
  repaired: MessageProblem[]
}

function prepare(batch: unknown[], receivedAt: string): Prepared {
  const messages: Prepared['messages'] = []
  const rejected: Prepared['rejected'] = []
  const repaired: Prepared['repaired'] = []
  const seen = new Set<string>()
  batch.forEach((sent, index) => {
    // Losing an order over one character is worse than storing U+FFFD in its place and saying so.
    const { outcome, stored, repairs } = readMessage(sent, index, receivedAt)
    repaired.push(...repairs)
    if (!outcome.ok) {
      rejected.push({ problem: outcome.problem, raw: stored })
      return
    }
    const messageId = outcome.message.messageId ?? contentMessageId(outcome.message.raw)
    if (seen.has(messageId)) return
    seen.add(messageId)
    messages.push({ ...outcome.message, messageId })
  })
  return { messages, problems: rejected.map((r) => r.problem), rejected, repaired }
}

/** Pairs (anonymous id → member) that a batch declares: identify/alias and any event carrying both ids. */
function declaredLinks(messages: ValidMessage[]): Map<string, string> {
  const links = new Map<string, string>()
  for (const m of messages) {
    if (m.userId === null) continue
    if (m.anonymousId !== null && !links.has(m.anonymousId)) links.set(m.anonymousId, m.userId)
    if (m.type === 'alias' && m.previousId !== null && !links.has(m.previousId))
      links.set(m.previousId, m.userId)
  }
  return links
}

/**
 * Who each anonymous id of the batch is: links stored earlier, plus the ones this batch declares
 * (the first link of an anonymous id wins, also against a concurrent batch). Returns the visitors
 * with earlier history to fold into their member.
 */
async function resolveIdentities(
  trx: AnyDb,
  messages: ValidMessage[],
  receivedAt: string,
): Promise<{ known: Map<string, string>; merges: CustomerMerge[] }> {
  const tx = tablesOf<EventsTables>(trx)
  const declared = declaredLinks(messages)
  const anonymousIds = [...new Set(messages.flatMap((m) => (m.anonymousId ? [m.anonymousId] : [])))]
  const known = new Map<string, string>()
  if (anonymousIds.length > 0) {
    const rows = await tx
      .selectFrom('identities')
      .select(['anonymous_id', 'customer_id'])
      .where('anonymous_id', 'in', anonymousIds)
      .execute()
    for (const r of rows) known.set(r.anonymous_id, r.customer_id)
  }
  const newLinks = [...declared].filter(([anon]) => !known.has(anon)).sort(([a], [b]) => a.localeCompare(b))
  const merges: CustomerMerge[] = []
  if (newLinks.length > 0) {
    const linked = await sql<{ anonymous_id: string; customer_id: string }>`
      insert into identities (anonymous_id, customer_id, linked_at)
      select a, c, ${receivedAt}::timestamptz
      from unnest(${newLinks.map(([a]) => a)}::text[], ${newLinks.map(([, c]) => c)}::text[]) as l(a, c)
      on conflict (anonymous_id) do nothing
      returning anonymous_id, customer_id`.execute(trx)
    for (const r of linked.rows) known.set(r.anonymous_id, r.customer_id)
    // Only visitors with history from earlier batches have anything to fold into the member.
    const candidates = linked.rows.map((r) => anonymousCustomerId(r.anonymous_id))
    const withHistory =
      candidates.length === 0
        ? []
        : await tx
            .selectFrom('events')
            .select('customer_id')
            .distinct()
            .where('customer_id', 'in', candidates)
            .execute()
    const seen = new Set(withHistory.map((r) => r.customer_id))
    for (const r of linked.rows) {
      const from = anonymousCustomerId(r.anonymous_id)
      if (seen.has(from)) merges.push({ from, to: r.customer_id })
    }
    // Links another batch made first win; read them so this batch agrees.
    const lost = newLinks.filter(([anon]) => !known.has(anon)).map(([anon]) => anon)
    if (lost.length > 0) {
      const rows = await tx
        .selectFrom('identities')
        .select(['anonymous_id', 'customer_id'])
        .where('anonymous_id', 'in', lost)
        .execute()
      for (const r of rows) known.set(r.anonymous_id, r.customer_id)
    }
  }
  return { known, merges }
}

const IDENTITY_LOCK_CLASS = 1_300

/**
 * Locks the batch's anonymous ids for this transaction, in one order (no deadlock), before any
 * of them is resolved. Without it a visitor's event stored while another batch ties the visitor to a
 * member could resolve to the visitor, miss that batch's relabelling of the visitor's events, and still
 * come before the merge in the log; with it, the later batch resolves after the link commits and writes
 * after it in the log.
 */
async function lockIdentities(trx: AnyDb, messages: readonly ValidMessage[]): Promise<void> {
  const ids = new Set<string>()
  for (const m of messages) {
    if (m.anonymousId) ids.add(m.anonymousId)
    // An alias ties its previous id to the member as identify ties an anonymous id.
    if (m.type === 'alias' && m.previousId) ids.add(m.previousId)
  }
  if (ids.size === 0) return
  await sql`
    select pg_advisory_xact_lock(${IDENTITY_LOCK_CLASS}, k.h)
    from (select distinct hashtext(id) as h from unnest(${[...ids]}::text[]) as id order by 1) as k`.execute(
    trx,
  )
}

/**
 * Stores a validated batch in one transaction (the caller's, when given): the quarantine, identity links,
 * the events, and the merges the projectors will fold. Nothing derived is written here.
 */
async function store(
  deps: IngestDeps,
  { messages, rejected }: Prepared,
  receivedAt: string,
  source: string,
  tx: AnyDb | undefined,
  partitioned: (trx: AnyDb) => Promise<boolean>,
): Promise<{ inserted: number; position: LogPosition | null }> {
  const inTransaction = <T>(run: (trx: AnyDb) => Promise<T>) =>
    tx ? run(tx) : deps.db.transaction().execute(run)
  return inTransaction(async (trx) => {
    await lockIdentities(trx, messages)
    await quarantine(trx, rejected, receivedAt, source)
    if (messages.length === 0) return { inserted: 0, position: null }
    const { known, merges } = await resolveIdentities(trx, messages, receivedAt)
    const customerOf = (m: ValidMessage): string =>
      m.userId ?? known.get(m.anonymousId ?? '') ?? anonymousCustomerId(m.anonymousId ?? '')

    const rows = messages.map((m, ord) => ({
      ord,
      message_id: m.messageId,
      customer_id: customerOf(m),
      user_id: m.userId,
      anonymous_id: m.anonymousId,
      type: m.type,
      event: m.event,
      name: m.name,
      occurred_at: m.timestamp,
      properties: m.properties,
      traits: m.traits,
      context: m.context,
    }))
    const result = await insertEvents(trx, rows, receivedAt, source, tx !== undefined, await partitioned(trx))
    if (tx) await projectInWriter(trx, deps.projections ?? [], messages, result.rows, customerOf)

    let position = result.rows.reduce<LogPosition | null>(
      (latest, r) => (latest && latest.seq > Number(r.seq) ? latest : { xid: r.xid, seq: Number(r.seq) }),
      null,
    )
    if (merges.length > 0) {
      const from = merges.map((m) => m.from)
      // The visitor's past events become the member's; the projectors fold what they already made of them,
      // each merge in the visitor's partition, after the visitor's own events there.
      await sql`
        update events e set customer_id = m.to_id
        from unnest(${from}::text[], ${merges.map((m) => m.to)}::text[]) as m(from_id, to_id)
        where e.customer_id = m.from_id and e.customer_id = any(${from}::text[])`.execute(trx)
      const recorded = await sql<{ seq: number; xid: string }>`
        insert into customer_merges (part, from_id, to_id)
        select ${partOf(sql.ref('m.from_id'))}, m.from_id, m.to_id
        from unnest(${from}::text[], ${merges.map((m) => m.to)}::text[]) with ordinality as m(from_id, to_id, ord)
        order by m.ord
        returning seq, xid::text as xid`.execute(trx)
      const lastMerge = recorded.rows.at(-1)
      if (lastMerge) position = { xid: lastMerge.xid, seq: Number(lastMerge.seq) }
    }
    // A batch sent again (its acknowledgement lost) waits on the events it stored the first time.
    if (position === null)
      position = await latestPositionOf(
        trx,
        messages.map((m) => m.messageId),
      )
    return { inserted: result.rows.length, position }
  })
}

/** A row of the batch as the insert reads it (jsonb_to_recordset). */
interface EventInsertRow {
  ord: number
  message_id: string
  customer_id: string
  user_id: string | null
  anonymous_id: string | null
  type: string
  event: string | null
  name: string | null
  occurred_at: string
  properties: Record<string, unknown>
  traits: Record<string, unknown>
  context: Record<string, unknown>
}

/**
 * Inserts the batch's events, each message id once ever; returns the rows stored (a duplicate is not).
 * A partitioned table's unique index can only be unique per month, so there the message id is claimed in
 * event_message_ids by the same statement: a retry arriving in a later month is still a duplicate, and a
 * concurrent batch with the same id waits for this one's commit, as on the unique index of a plain table.
 */
async function insertEvents(
  trx: AnyDb,
  rows: EventInsertRow[],
  receivedAt: string,
  source: string,
  projectedByWriter: boolean,
  partitioned: boolean,
) {
  const batch = sql`
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as m(ord int, message_id text,
      customer_id text, user_id text, anonymous_id text, type text, event text, name text,
      occurred_at timestamptz, properties jsonb, traits jsonb, context jsonb)`
  const columns = sql`(message_id, customer_id, user_id, anonymous_id, type, event, name, occurred_at,
    received_at, source, properties, traits, context, part, projected_by_writer)`
  const values = sql`m.message_id, m.customer_id, m.user_id, m.anonymous_id, m.type, m.event, m.name,
    m.occurred_at, ${receivedAt}::timestamptz, ${source}, m.properties, m.traits, m.context,
    ${partOf(sql.ref('m.customer_id'))}, ${projectedByWriter}`
  if (!partitioned)
    return sql<{ seq: number; xid: string; message_id: string }>`
      insert into events ${columns}
      select ${values} from (${batch}) m
      order by m.ord
      on conflict (message_id) do nothing
      returning seq, xid::text as xid, message_id`.execute(trx)
  // Ids are claimed in one order (no deadlock between two batches sharing ids); events go in batch order.
  return sql<{ seq: number; xid: string; message_id: string }>`
    with m as (${batch}),
    claimed as (
      insert into event_message_ids (message_id) select message_id from m order by message_id
      on conflict (message_id) do nothing
      returning message_id
    )
    insert into events ${columns}
    select ${values} from m join claimed using (message_id)
    order by m.ord
    returning seq, xid::text as xid, message_id`.execute(trx)
}

/** The events a caller's transaction stored, projected in it (the projectors pass over them). */
async function projectInWriter(
  trx: AnyDb,
  projections: Projection[],
  messages: Prepared['messages'],
  stored: { seq: number; message_id: string }[],
  customerOf: (m: ValidMessage) => string,
): Promise<void> {
  const seqOf = new Map(stored.map((r) => [r.message_id, Number(r.seq)]))
  const events: StoredEvent[] = messages.flatMap((m) => {
    const seq = seqOf.get(m.messageId)
    if (seq === undefined) return []
    const { messageId, userId, anonymousId, type, event, name, properties, traits } = m
    const occurredAt = new Date(m.timestamp)
    return [
      {
        seq,
        messageId,
        customerId: customerOf(m),
        userId,
        anonymousId,
        type,
        event,
        name,
        occurredAt,
        properties,
        traits,
      },
    ]
  })
  if (events.length === 0) return
  events.sort((a, b) => a.seq - b.seq)
  for (const p of projections) await p.apply(trx, events)
}

async function latestPositionOf(db: AnyDb, messageIds: string[]): Promise<LogPosition | null> {
  const row = await sql<{ xid: string; seq: number }>`
    select xid::text as xid, seq from events where message_id = any(${messageIds}::text[])
    order by xid desc, seq desc limit 1`.execute(db)
  const found = row.rows[0]
  return found ? { xid: found.xid, seq: Number(found.seq) } : null
}

async function quarantine(
  db: AnyDb,
  rejected: Prepared['rejected'],
  receivedAt: string,
  source: string,
): Promise<void> {
  if (rejected.length === 0) return
  await sql`
    insert into quarantine (received_at, source, batch_index, field, problem, message, fingerprint)
    select ${receivedAt}::timestamptz, ${source}, q.batch_index, q.field, q.problem, q.message, q.fingerprint
    from jsonb_to_recordset(${JSON.stringify(
      rejected.map((r) => ({
        ...r.problem,
        batch_index: r.problem.index,
        message: r.raw ?? null,
        fingerprint: createHash('sha256')
          .update(`${r.problem.field}\n${JSON.stringify(r.raw ?? null)}`)
          .digest('hex'),
      })),
    )}::jsonb) as q(batch_index int, field text, problem text, message jsonb, fingerprint text)
    on conflict (fingerprint) do nothing`.execute(db)
}

/** The ingestion service: validate, quarantine the invalid, store the valid once; projectors follow. */
export function createIngestor(deps: IngestDeps): EventIngestor {
  // Read once: migrations ran before the ingestor was made, and a table stays as they left it.
  // Asked in the writing transaction: the embedded engine's one backend would queue a second connection.
  let layout: boolean | undefined
  const partitioned = async (trx: AnyDb) => {
    layout ??= await eventsArePartitioned(trx)
    return layout
  }
  return {
    async ingest(batch, options = {}) {
      const receivedAt = options.receivedAt ?? deps.clock().toISOString()
      const source = options.source ?? 'api'
      const prepared = prepare(batch, receivedAt)
      const { problems, rejected } = prepared
      // In the caller's transaction a retry is the caller's to make: a failed statement aborted it.
      const { inserted, position } = options.tx
        ? await store(deps, prepared, receivedAt, source, options.tx, partitioned)
        : await withRetry(() => store(deps, prepared, receivedAt, source, undefined, partitioned))
      if (!options.tx) {
        deps.appended?.()
        if (position && options.settle !== false) await deps.settle?.(position)
      }
      return {
        accepted: inserted,
        duplicates: batch.length - rejected.length - inserted,
        quarantined: problems,
        repaired: prepared.repaired,
        position: position && formatPosition(position),
      }
    },

    async settle(position) {
      const parsed = parsePosition(position)
      if (!parsed) throw new Error(`not a log position: ${position}`)
      await deps.settle?.(parsed)
    },
  }
}

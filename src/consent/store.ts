import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { ChannelName, MessageType } from './channel-types.js'
import type { PreferenceSource, StoredChoice } from './rules.js'

/** A stored choice with when it was made. */
export interface DatedChoice extends StoredChoice {
  changedAt: string
}

/** The stored choices of these customers, by customer. */
export async function choicesOf(
  db: AnyDb,
  customerIds: readonly string[],
): Promise<Map<string, DatedChoice[]>> {
  const byCustomer = new Map<string, DatedChoice[]>()
  if (customerIds.length === 0) return byCustomer
  const result = await sql<{
    customer_id: string
    channel: ChannelName
    message_type: MessageType
    allowed: boolean
    source: PreferenceSource
    changed_at: Date
  }>`
    select customer_id, channel, message_type, allowed, source, changed_at from consent_choices
    where customer_id = any(${[...new Set(customerIds)]}::text[])`.execute(db)
  for (const r of result.rows)
    byCustomer.set(r.customer_id, [
      ...(byCustomer.get(r.customer_id) ?? []),
      {
        channel: r.channel,
        messageType: r.message_type,
        allowed: r.allowed,
        source: r.source,
        changedAt: r.changed_at.toISOString(),
      },
    ])
  return byCustomer
}

/** Stores choices and appends each to the history with its source and time. */
export async function storeChoices(
  db: AnyDb,
  customerId: string,
  choices: ReadonlyArray<{ channel: ChannelName; messageType: MessageType; allowed: boolean }>,
  source: PreferenceSource,
  at: Date,
): Promise<void> {
  for (const c of choices) {
    await sql`
      insert into consent_choices (customer_id, channel, message_type, allowed, source, changed_at)
      values (${customerId}, ${c.channel}, ${c.messageType}, ${c.allowed}, ${source}, ${at})
      on conflict (customer_id, channel, message_type)
      do update set allowed = excluded.allowed, source = excluded.source, changed_at = excluded.changed_at`.execute(
      db,
    )
    await sql`
      insert into consent_changes (customer_id, channel, message_type, allowed, source, changed_at)
      values (${customerId}, ${c.channel}, ${c.messageType}, ${c.allowed}, ${source}, ${at})`.execute(db)
  }
}

/** Counts messages that went (for caps). */
export async function recordSends(
  db: AnyDb,
  sent: ReadonlyArray<{ customerId: string; channel: ChannelName; messageType: MessageType; at: Date }>,
): Promise<void> {
  if (sent.length === 0) return
  await sql`
    insert into consent_sends (customer_id, channel, message_type, sent_at)
    select * from unnest(${sent.map((s) => s.customerId)}::text[], ${sent.map((s) => s.channel)}::text[],
      ${sent.map((s) => s.messageType)}::text[], ${sent.map((s) => s.at.toISOString())}::timestamptz[])`.execute(
    db,
  )
}

/**
 * Marketing messages to each customer in the rolling day (per channel) and week (per channel and in all)
 * before `at`: what the caps look at.
 */
export async function recentSends(
  db: AnyDb,
  customerIds: readonly string[],
  at: Date,
): Promise<Map<string, { day: Map<ChannelName, number>; week: Map<ChannelName, number> }>> {
  const recent = new Map<string, { day: Map<ChannelName, number>; week: Map<ChannelName, number> }>()
  if (customerIds.length === 0) return recent
  const dayAgo = new Date(at.getTime() - 86_400_000)
  const weekAgo = new Date(at.getTime() - 7 * 86_400_000)
  const result = await sql<{ customer_id: string; channel: ChannelName; day: number; week: number }>`
    select customer_id, channel, count(*) filter (where sent_at > ${dayAgo})::int as day, count(*)::int as week
    from consent_sends
    where customer_id = any(${[...new Set(customerIds)]}::text[]) and message_type = 'marketing'
      and sent_at > ${weekAgo} and sent_at <= ${at}
    group by customer_id, channel`.execute(db)
  for (const r of result.rows) {
    const mine = recent.get(r.customer_id) ?? { day: new Map(), week: new Map() }
    mine.day.set(r.channel, r.day)
    mine.week.set(r.channel, r.week)
    recent.set(r.customer_id, mine)
  }
  return recent
}

/**
 * Deletes what no longer matters at `now`: link tokens expired over a day ago (an old link shows "expired"
 * either way) and sends older than the caps' longest window (a week). Returns how many rows went.
 */
export async function pruneConsent(db: AnyDb, now: Date): Promise<{ tokens: number; sends: number }> {
  const tokens =
    await sql`delete from consent_tokens where expires_at < ${new Date(now.getTime() - 86_400_000)}`.execute(
      db,
    )
  const sends =
    await sql`delete from consent_sends where sent_at < ${new Date(now.getTime() - 8 * 86_400_000)}`.execute(
      db,
    )
  return { tokens: Number(tokens.numAffectedRows ?? 0), sends: Number(sends.numAffectedRows ?? 0) }
}

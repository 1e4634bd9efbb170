import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { ChannelName, MessageType } from './channel-types.js'
import type { PreferenceSource, RecentSends, StoredChoice } from './rules.js'

/** A stored choice with when it was made. */
export interface DatedChoice extends StoredChoice {
  changedAt: string
}

/** The customer's stored choices. */
export async function choicesOf(db: AnyDb, customerId: string): Promise<DatedChoice[]> {
  const result = await sql<{
    channel: ChannelName
    message_type: MessageType
    allowed: boolean
    source: PreferenceSource
    changed_at: Date
  }>`
    select channel, message_type, allowed, source, changed_at from consent_choices
    where customer_id = ${customerId}`.execute(db)
  return result.rows.map((r) => ({
    channel: r.channel,
    messageType: r.message_type,
    allowed: r.allowed,
    source: r.source,
    changedAt: r.changed_at.toISOString(),
  }))
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

/** Counts one message that went. */
export async function recordSend(
  db: AnyDb,
  sent: { customerId: string; channel: ChannelName; messageType: MessageType; at: Date },
): Promise<void> {
  await sql`
    insert into consent_sends (customer_id, channel, message_type, sent_at)
    values (${sent.customerId}, ${sent.channel}, ${sent.messageType}, ${sent.at})`.execute(db)
}

/** Marketing messages to the customer in the rolling day and week before `at`. */
export async function recentSends(
  db: AnyDb,
  customerId: string,
  channel: ChannelName,
  at: Date,
): Promise<RecentSends> {
  const dayAgo = new Date(at.getTime() - 86_400_000)
  const weekAgo = new Date(at.getTime() - 7 * 86_400_000)
  const result = await sql<RecentSends>`
    select
      count(*) filter (where channel = ${channel} and sent_at > ${dayAgo}) as "channelDay",
      count(*) filter (where channel = ${channel}) as "channelWeek",
      count(*) as "allWeek"
    from consent_sends
    where customer_id = ${customerId} and message_type = 'marketing'
      and sent_at > ${weekAgo} and sent_at <= ${at}`.execute(db)
  const row = result.rows[0]
  return {
    channelDay: Number(row?.channelDay ?? 0),
    channelWeek: Number(row?.channelWeek ?? 0),
    allWeek: Number(row?.allWeek ?? 0),
  }
}

import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { ChannelName, MessageType } from './channel-types.js'

/** What a link opens: the preference centre, or the unsubscribe of one channel and message type. */
export type LinkTarget =
  | { purpose: 'preferences'; customerId: string }
  | { purpose: 'unsubscribe'; customerId: string; channel: ChannelName; messageType: MessageType }

// Only the hash is stored: a leaked table does not leak working links.
const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url')

/** New bearer tokens for links, one per target, in one statement; valid for `days`. */
export async function createLinkTokens(
  db: AnyDb,
  targets: readonly LinkTarget[],
  now: Date,
  days: number,
): Promise<string[]> {
  if (targets.length === 0) return []
  const tokens = targets.map(
    (t) => `${t.purpose === 'preferences' ? 'cpt_' : 'cut_'}${randomBytes(24).toString('base64url')}`,
  )
  const rows = targets.map((t, i) => ({
    token_hash: hashOf(tokens[i] ?? ''),
    customer_id: t.customerId,
    purpose: t.purpose,
    channel: t.purpose === 'unsubscribe' ? t.channel : null,
    message_type: t.purpose === 'unsubscribe' ? t.messageType : null,
  }))
  await sql`
    insert into consent_tokens (token_hash, customer_id, purpose, channel, message_type, created_at, expires_at)
    select r.token_hash, r.customer_id, r.purpose, r.channel, r.message_type, ${now}::timestamptz,
      ${new Date(now.getTime() + days * 86_400_000)}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(token_hash text, customer_id text, purpose text, channel text, message_type text)`.execute(db)
  return tokens
}

/** What a token opens, or undefined when it is unknown, expired or for another purpose. */
export async function linkTarget(
  db: AnyDb,
  token: string,
  purpose: LinkTarget['purpose'],
  now: Date,
): Promise<LinkTarget | undefined> {
  const result = await sql<{
    customer_id: string
    channel: ChannelName | null
    message_type: MessageType | null
  }>`
    select customer_id, channel, message_type from consent_tokens
    where token_hash = ${hashOf(token)} and purpose = ${purpose} and expires_at > ${now}`.execute(db)
  const row = result.rows[0]
  if (!row) return undefined
  if (purpose === 'preferences') return { purpose, customerId: row.customer_id }
  if (!row.channel || !row.message_type) return undefined
  return { purpose, customerId: row.customer_id, channel: row.channel, messageType: row.message_type }
}

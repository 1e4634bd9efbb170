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

/** A new bearer token for a link; valid for `days`. */
export async function createLinkToken(
  db: AnyDb,
  target: LinkTarget,
  now: Date,
  days: number,
): Promise<string> {
  const token = `${target.purpose === 'preferences' ? 'cpt_' : 'cut_'}${randomBytes(24).toString('base64url')}`
  const channel = target.purpose === 'unsubscribe' ? target.channel : null
  const messageType = target.purpose === 'unsubscribe' ? target.messageType : null
  await sql`
    insert into consent_tokens (token_hash, customer_id, purpose, channel, message_type, created_at, expires_at)
    values (${hashOf(token)}, ${target.customerId}, ${target.purpose}, ${channel}, ${messageType}, ${now},
      ${new Date(now.getTime() + days * 86_400_000)})`.execute(db)
  return token
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

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { OutboxState } from './message.js'

/**
 * What putting a message back did: `retried` (it was dead or failed, and is pending again with a fresh round
 * of tries), `pending` (it already was: a repeated retry changes nothing), `unknown` (no such message), or
 * `refused` with the state that cannot be retried (sending or sent).
 */
export type RetryOutcome =
  | { kind: 'retried' | 'pending' }
  | { kind: 'unknown' }
  | { kind: 'refused'; state: OutboxState }

/**
 * Puts a dead (or failed) message back in one statement: pending and due now, its attempts started again
 * and its round counted (the delivery events of the new round are told apart by it). Its last error stays,
 * to be read until the next try replaces it.
 */
export async function retryMessage(db: AnyDb, id: string, now: Date): Promise<RetryOutcome> {
  const { rows } = await sql<{ state: OutboxState; retried: boolean }>`
    with target as (select id, state from outbox_messages where id = ${id}::bigint),
    put_back as (
      update outbox_messages o
      set state = 'pending', attempts = 0, retries = o.retries + 1, next_attempt_at = ${now},
        lease_token = null, updated_at = ${now}
      from target where o.id = target.id and o.state in ('dead', 'failed')
      returning o.id
    )
    select target.state, exists (select 1 from put_back) as retried from target`.execute(db)
  const [row] = rows
  if (!row) return { kind: 'unknown' }
  if (row.retried) return { kind: 'retried' }
  return row.state === 'pending' ? { kind: 'pending' } : { kind: 'refused', state: row.state }
}

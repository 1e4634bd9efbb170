import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { newWalletToken, tokenHash } from './ids.js'

/** A new bearer token that opens one customer's wallet until it expires. Only its hash is stored. */
export async function createWalletToken(
  db: AnyDb,
  customerId: string,
  now: Date,
  days: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newWalletToken()
  const expiresAt = new Date(now.getTime() + days * 86_400_000)
  await sql`
    insert into coupon_wallet_tokens (token_hash, customer_id, created_at, expires_at)
    values (${tokenHash(token)}, ${customerId}, ${now}, ${expiresAt})`.execute(db)
  return { token, expiresAt }
}

/** The customer a wallet token opens, or undefined when it is unknown or expired. */
export async function walletOwner(db: AnyDb, token: string, now: Date): Promise<string | undefined> {
  const result = await sql<{ customer_id: string }>`
    select customer_id from coupon_wallet_tokens
    where token_hash = ${tokenHash(token)} and expires_at > ${now}`.execute(db)
  return result.rows[0]?.customer_id
}

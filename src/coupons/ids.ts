import { createHash, createHmac, randomBytes } from 'node:crypto'
import { type RawBuilder, sql } from 'kysely'
import type { AnyDb } from '../db/index.js'

/** An opaque id with a prefix that tells what it names (`cpn_`, `gft_`, `ctp_`). */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('base64url')}`
}

// Crockford's alphabet: no I, L, O or U, so a code read aloud or typed from paper survives.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A coupon code a customer can type at checkout: 10 characters (50 random bits) in two groups of five. */
export function newCouponCode(): string {
  const bytes = randomBytes(10)
  let code = ''
  for (const b of bytes) code += CODE_ALPHABET[b & 31]
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** A code as typed (any case, spaces, I/L/O for 1/1/0) in its stored form. */
export function normaliseCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  return plain.length === 10 ? `${plain.slice(0, 5)}-${plain.slice(5)}` : typed.trim()
}

/** The hash under which a bearer token is stored: a leaked table does not leak usable links. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** A gift's claim token: derived from its id with the instance's secret, so the giver can be shown it again. */
export function claimToken(secret: string, giftId: string): string {
  return createHmac('sha256', secret).update(`gift:${giftId}`).digest('base64url')
}

/** A fresh random bearer token for a customer's wallet. */
export function newWalletToken(): string {
  return `cwt_${randomBytes(32).toString('base64url')}`
}

/**
 * Runs a statement that draws a new coupon code again if the code exists already (1 in 2^50). In a
 * transaction the failed statement would abort it, so there the statement runs under a savepoint.
 */
export async function retryOnCodeClash<T>(db: AnyDb, statement: () => Promise<T>): Promise<T> {
  const savepoint = async (command: RawBuilder<unknown>) => {
    if (db.isTransaction) await command.execute(db)
  }
  for (let attempt = 0; ; attempt++) {
    await savepoint(sql`savepoint coupon_code`)
    try {
      const result = await statement()
      await savepoint(sql`release savepoint coupon_code`)
      return result
    } catch (error) {
      const clash =
        (error as { code?: string }).code === '23505' &&
        (error as { constraint?: string }).constraint === 'coupons_code_key'
      if (!clash || attempt >= 3) throw error
      await savepoint(sql`rollback to savepoint coupon_code`)
    }
  }
}

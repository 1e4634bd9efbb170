import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { customerColumns, PERSONAL_TABLES } from './customer-tables.js'

export interface Erasure {
  /** The id the customer's kept rows go by now: random, tied to nobody. */
  pseudonym: string
  /** Rows deleted, by table. */
  deleted: Record<string, number>
  /** Rows kept under the pseudonym, by table. */
  pseudonymised: Record<string, number>
}

/**
 * Erases a customer (GDPR art. 17; Shopify's `customers/redact`): in one transaction, deletes what they
 * gave or were sent (PERSONAL_TABLES) and moves every other row naming them to a random pseudonym, so
 * counts and money in reports stay true while nothing leads back to the person. A rebuild afterwards
 * replays the log, which no longer holds their events: their orders then leave the figures too.
 */
export async function eraseCustomer(db: AnyDb, customerIds: readonly string[]): Promise<Erasure> {
  const pseudonym = `erased_${randomBytes(12).toString('base64url')}`
  const erasure: Erasure = { pseudonym, deleted: {}, pseudonymised: {} }
  if (customerIds.length === 0) return erasure
  const ids = sql.join(customerIds.map((id) => sql.val(id)))
  await db.transaction().execute(async (tx) => {
    for (const { table, column } of await customerColumns(tx)) {
      const personal = PERSONAL_TABLES.has(table)
      const changed = personal
        ? await sql`delete from ${sql.table(table)} where ${sql.ref(column)} in (${ids})`.execute(tx)
        : await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${pseudonym}
                    where ${sql.ref(column)} in (${ids})`.execute(tx)
      const n = Number(changed.numAffectedRows ?? 0)
      if (n === 0) continue
      const into = personal ? erasure.deleted : erasure.pseudonymised
      into[table] = (into[table] ?? 0) + n
    }
  })
  return erasure
}

/**
 * Everything Reel holds on a customer (GDPR art. 15; Shopify's `customers/data_request`), by table: the
 * rows of every table that names them, as stored.
 */
export async function exportCustomer(
  db: AnyDb,
  customerIds: readonly string[],
): Promise<Record<string, Record<string, unknown>[]>> {
  const found: Record<string, Record<string, unknown>[]> = {}
  if (customerIds.length === 0) return found
  const ids = sql.join(customerIds.map((id) => sql.val(id)))
  for (const { table, column } of await customerColumns(db)) {
    const rows = await sql<Record<string, unknown>>`
      select * from ${sql.table(table)} where ${sql.ref(column)} in (${ids})`.execute(db)
    if (rows.rows.length > 0) found[table] = [...(found[table] ?? []), ...rows.rows]
  }
  return found
}

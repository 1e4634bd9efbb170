import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { Basket } from './types.js'

const PAGE = 20_000

/**
 * Every customer's counted orders as the model counted them (`recs_baskets`), oldest first: what `reel
 * recs evaluate --database` holds out from. Read in pages by key, so a large shop never sits in one answer.
 */
export async function shopBaskets(db: AnyDb): Promise<Map<string, Basket[]>> {
  const customers = new Map<string, Basket[]>()
  let after: string | null = null
  for (;;) {
    const { rows } = await sql<{ customer_id: string; order_id: string; at: Date; items: string[] }>`
      select customer_id, order_id, at, items from recs_baskets
      ${after === null ? sql`` : sql`where order_id > ${after}`}
      order by order_id limit ${PAGE}`.execute(db)
    for (const r of rows) {
      const baskets = customers.get(r.customer_id) ?? []
      baskets.push({ at: r.at.getTime(), items: r.items })
      customers.set(r.customer_id, baskets)
    }
    if (rows.length < PAGE) break
    after = rows[rows.length - 1]!.order_id
  }
  // Paged by order id (the key, exact), then put in time order per customer.
  for (const baskets of customers.values()) baskets.sort((a, b) => a.at - b.at)
  return customers
}

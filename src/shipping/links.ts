import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'

/**
 * An order's tracking token: 128 random bits, made once per order and kept (a rebuild keeps it), so every
 * message about the order carries the same link and nobody can guess another's.
 */
export async function trackingToken(db: AnyDb, orderId: string, at: Date): Promise<string> {
  const made = `trk_${randomBytes(16).toString('base64url')}`
  await sql`
    insert into tracking_links (token, order_id, created_at) values (${made}, ${orderId}, ${at.toISOString()})
    on conflict (order_id) do nothing`.execute(db)
  const { rows } = await sql<{ token: string }>`
    select token from tracking_links where order_id = ${orderId}`.execute(db)
  return rows[0]?.token ?? made
}

/** The order a tracking token opens, if any. */
export async function orderOfToken(db: AnyDb, token: string): Promise<string | undefined> {
  if (!/^trk_[A-Za-z0-9_-]{22}$/.test(token)) return undefined
  const { rows } = await sql<{ order_id: string }>`
    select order_id from tracking_links where token = ${token}`.execute(db)
  return rows[0]?.order_id
}

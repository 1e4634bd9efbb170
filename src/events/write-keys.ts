import { randomBytes } from 'node:crypto'
import { type AnyDb, tablesOf } from '../db/index.js'
import { textProblem } from '../safe-json/index.js'
import type { EventsTables } from './migrations.js'

/** Creates a write key (a source's credential for `/v1/*`); a given key is stored as is. */
export async function addWriteKey(db: AnyDb, name: string, key?: string): Promise<string> {
  const value = key ?? `wk_${randomBytes(18).toString('base64url')}`
  await tablesOf<EventsTables>(db)
    .insertInto('write_keys')
    .values({ key: value, name, created_at: new Date(), revoked_at: null })
    .onConflict((oc) => oc.column('key').doUpdateSet({ revoked_at: null }))
    .execute()
  return value
}

/** Stops a write key from being accepted. */
export async function revokeWriteKey(db: AnyDb, key: string): Promise<boolean> {
  const r = await tablesOf<EventsTables>(db)
    .updateTable('write_keys')
    .set({ revoked_at: new Date() })
    .where('key', '=', key)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Whether a key may write events. */
export async function isWriteKey(db: AnyDb, key: string): Promise<boolean> {
  // No key holds a NUL (the database could not store one): no need to ask it about one.
  if (textProblem(key)) return false
  const row = await tablesOf<EventsTables>(db)
    .selectFrom('write_keys')
    .select('key')
    .where('key', '=', key)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}

export async function listWriteKeys(db: AnyDb) {
  return tablesOf<EventsTables>(db)
    .selectFrom('write_keys')
    .select(['name', 'key', 'created_at', 'revoked_at'])
    .orderBy('created_at')
    .execute()
}

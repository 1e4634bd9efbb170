import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AnyDb, NamedMigration } from './index.js'

/** Instance-wide settings (generated secrets and the like). */
export const settingsMigrations: NamedMigration[] = [
  {
    name: '0001-settings',
    async up(db) {
      await sql`create table settings (key text primary key, value text not null)`.execute(db)
    },
  },
]

/**
 * The secret named `key`: the given value when configured, else the one stored earlier, else a new
 * random one that is stored. `created` tells the caller to show it once.
 */
export async function ensureSecret(
  db: AnyDb,
  key: string,
  configured: string | undefined,
  prefix: string,
): Promise<{ value: string; created: boolean }> {
  if (configured) return { value: configured, created: false }
  const fresh = `${prefix}${randomBytes(24).toString('base64url')}`
  const inserted = await sql<{ value: string }>`
    insert into settings (key, value) values (${key}, ${fresh})
    on conflict (key) do nothing returning value`.execute(db)
  if (inserted.rows.length > 0) return { value: fresh, created: true }
  const row = await sql<{ value: string }>`select value from settings where key = ${key}`.execute(db)
  return { value: row.rows[0]!.value, created: false }
}

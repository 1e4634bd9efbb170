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
 * random one that is stored. `created` tells the caller to show it to the operator.
 */
export async function ensureSecret(
  db: AnyDb,
  key: string,
  configured: string | undefined,
  prefix: string,
): Promise<{ value: string; created: boolean }> {
  if (configured) return { value: configured, created: false }
  const fresh = newSecret(prefix)
  const inserted = await sql<{ value: string }>`
    insert into settings (key, value) values (${key}, ${fresh})
    on conflict (key) do nothing returning value`.execute(db)
  if (inserted.rows.length > 0) return { value: fresh, created: true }
  const row = await sql<{ value: string }>`select value from settings where key = ${key}`.execute(db)
  return { value: row.rows[0]!.value, created: false }
}

function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`
}

/** The stored value of a setting, if there is one. */
export async function readSetting(db: AnyDb, key: string): Promise<string | undefined> {
  const row = await sql<{ value: string }>`select value from settings where key = ${key}`.execute(db)
  return row.rows[0]?.value
}

/** Stores a setting, replacing its value. */
export async function writeSetting(db: AnyDb, key: string, value: string): Promise<void> {
  await sql`
    insert into settings (key, value) values (${key}, ${value})
    on conflict (key) do update set value = excluded.value`.execute(db)
}

/** Replaces the secret named `key` with a new random one and returns it: the old value is gone. */
export async function replaceSecret(db: AnyDb, key: string, prefix: string): Promise<string> {
  const fresh = newSecret(prefix)
  await writeSetting(db, key, fresh)
  return fresh
}

import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/** Message templates: one per name, channel and locale, stored only once every part parses. */
export const templatesMigrations: NamedMigration[] = [
  {
    name: '0720-templates-message-templates',
    async up(db) {
      await sql`
        create table message_templates (
          id text primary key,
          name text not null,
          channel text not null,
          locale text not null,
          subject text,
          text text not null,
          html text,
          created_at timestamptz not null,
          updated_at timestamptz not null,
          unique (name, channel, locale)
        )`.execute(db)
    },
  },
]

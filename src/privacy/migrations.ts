import { type Generated, sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

export type PrivacyKind = 'erase' | 'export'

/** Erasure and access requests, with what was done: the shop answers to the customer with them. */
export const privacyMigrations: NamedMigration[] = [
  {
    name: '1700-privacy-requests',
    async up(db) {
      await sql`
        create table privacy_requests (
          id bigserial primary key,
          kind text not null,
          -- who asked (e.g. "shopify:shop.myshopify.com") and the customer they named
          source text not null,
          subject text not null,
          requested_at timestamptz not null,
          result jsonb not null
        )`.execute(db)
    },
  },
]

export interface PrivacyTables {
  privacy_requests: {
    id: Generated<number>
    kind: PrivacyKind
    source: string
    subject: string
    requested_at: Date
    result: unknown
  }
}

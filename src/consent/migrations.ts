import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/**
 * Customers' choices per channel and message type (the current one, and every change with who and when),
 * the marketing sends the frequency caps count, and the hashed tokens of preference and unsubscribe links.
 */
export const consentMigrations: NamedMigration[] = [
  {
    name: '0710-consent-preferences',
    async up(db) {
      await sql`
        create table consent_choices (
          customer_id text not null,
          channel text not null,
          message_type text not null check (message_type in ('marketing', 'order_updates')),
          allowed boolean not null,
          source text not null check (source in ('preference_centre', 'api', 'unsubscribe', 'import')),
          changed_at timestamptz not null,
          primary key (customer_id, channel, message_type)
        )`.execute(db)
      await sql`
        create table consent_changes (
          seq bigserial primary key,
          customer_id text not null,
          channel text not null,
          message_type text not null,
          allowed boolean not null,
          source text not null,
          changed_at timestamptz not null
        )`.execute(db)
      await sql`create index consent_changes_customer on consent_changes (customer_id, seq)`.execute(db)
      await sql`
        create table consent_sends (
          customer_id text not null,
          channel text not null,
          message_type text not null,
          sent_at timestamptz not null
        )`.execute(db)
      await sql`create index consent_sends_recent on consent_sends (customer_id, sent_at)`.execute(db)
      await sql`
        create table consent_tokens (
          token_hash text primary key,
          customer_id text not null,
          purpose text not null check (purpose in ('preferences', 'unsubscribe')),
          channel text,
          message_type text,
          created_at timestamptz not null,
          expires_at timestamptz not null,
          check ((purpose = 'unsubscribe') = (channel is not null and message_type is not null))
        )`.execute(db)
      await sql`create index consent_tokens_expiry on consent_tokens (expires_at)`.execute(db)
    },
  },
  {
    // Gift notices: a choice per channel like the other message types.
    name: '0711-consent-gifts-message-type',
    async up(db) {
      await sql`
        alter table consent_choices drop constraint consent_choices_message_type_check,
          add constraint consent_choices_message_type_check
          check (message_type in ('marketing', 'order_updates', 'gifts'))`.execute(db)
    },
  },
]

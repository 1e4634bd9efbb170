import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/** The outbox: every outgoing message is a row before it is sent (README, crash safety). */
export const channelsMigrations: NamedMigration[] = [
  {
    name: '0700-channels-outbox',
    async up(db) {
      await sql`
        create table outbox_messages (
          id bigserial primary key,
          idempotency_key text not null unique,
          channel text not null,
          customer_id text not null,
          message_type text not null check (message_type in ('marketing', 'order_updates')),
          recipient text not null,
          subject text,
          body_text text not null,
          body_html text,
          unsubscribe_url text,
          metadata jsonb not null,
          state text not null check (state in ('pending', 'sending', 'sent', 'failed', 'dead')),
          attempts int not null default 0,
          -- when it is due: for pending and failed rows the next try, for sending rows the end of the lease
          next_attempt_at timestamptz,
          -- the claiming round's token: only that round may mark the row (a fence against expired leases)
          lease_token text,
          last_error text,
          provider_message_id text,
          created_at timestamptz not null,
          sent_at timestamptz,
          updated_at timestamptz not null
        )`.execute(db)
      await sql`
        create index outbox_messages_due on outbox_messages (next_attempt_at, id)
        where state in ('pending', 'sending', 'failed')`.execute(db)
      await sql`create index outbox_messages_customer on outbox_messages (customer_id, id)`.execute(db)
    },
  },
  {
    // Gift notices (coupons): their own message type.
    name: '0701-outbox-gifts-message-type',
    async up(db) {
      await sql`
        alter table outbox_messages drop constraint outbox_messages_message_type_check,
          add constraint outbox_messages_message_type_check
          check (message_type in ('marketing', 'order_updates', 'gifts'))`.execute(db)
    },
  },
  {
    name: '0710-outbox-waits-for-a-provider',
    async up(db) {
      // The worker claims per channel (only those it has a provider for): the due index leads with it.
      await sql`
        create index outbox_messages_due_per_channel on outbox_messages (channel, next_attempt_at, id)
        where state in ('pending', 'sending', 'failed')`.execute(db)
      await sql`drop index outbox_messages_due`.execute(db)
    },
  },
  {
    name: '0711-outbox-gives-back-tries-without-a-provider',
    async up(db) {
      // Before, a message for a channel without a provider was tried and failed, and dead-lettered after the
      // last try, though it was never handed to anyone: it waits again, with its tries given back.
      await sql`
        update outbox_messages set state = 'pending', attempts = 0, last_error = null,
          next_attempt_at = coalesce(next_attempt_at, updated_at)
        where state in ('failed', 'dead') and last_error like 'no provider is configured for the % channel'`.execute(
        db,
      )
    },
  },
  {
    name: '0720-outbox-retried-by-hand',
    async up(db) {
      // A dead message put back by hand (POST /api/v1/messages/:id/retry) starts a new round of tries: its
      // attempts start again and its delivery events are told apart from the earlier rounds' by this count.
      await sql`alter table outbox_messages add column retries int not null default 0`.execute(db)
    },
  },
]

import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/** Dashboard users and their sessions; a session is stored by its token's SHA-256 only. */
export const usersMigrations: NamedMigration[] = [
  {
    name: '0900-users-and-sessions',
    async up(db) {
      await sql`
        create table users (
          id text primary key,
          email text not null,
          role text not null check (role in ('viewer', 'marketer', 'admin')),
          password_hash text not null,
          created_at timestamptz not null
        )`.execute(db)
      // E-mail addresses are compared without case: Mina@Shop.kr and mina@shop.kr are one user.
      await sql`create unique index users_email_lower on users (lower(email))`.execute(db)
      await sql`
        create table user_sessions (
          token_hash text primary key,
          user_id text not null references users (id) on delete cascade,
          csrf_token text not null,
          created_at timestamptz not null,
          last_seen_at timestamptz not null
        )`.execute(db)
      await sql`create index user_sessions_user on user_sessions (user_id)`.execute(db)
    },
  },
]

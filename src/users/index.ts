import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { hashPassword, verifyPassword } from './password.js'
import type { Role } from './roles.js'
import { HOUR_MS, type SessionSettings, sessionEndsAt } from './settings.js'

export { usersMigrations } from './migrations.js'
export { hasRole, ROLES, type Role } from './roles.js'
export { DEFAULT_SESSION_SETTINGS, type SessionSettings } from './settings.js'

/** The shortest password `reel users add` accepts. */
export const MIN_PASSWORD_LENGTH = 12

/** A dashboard user. */
export interface User {
  email: string
  role: Role
  createdAt: string
}

/** A signed-in session: whose it is, the token state-changing calls must echo, and when it ends. */
export interface Session {
  user: { email: string; role: Role }
  csrfToken: string
  expiresAt: Date
}

/** A user could not be added: the e-mail is taken or the password too short. */
export class UserError extends Error {
  override name = 'UserError'
}

export interface Users {
  /** Adds a user; throws UserError when the e-mail (in any case) is taken or the password too short. */
  add(email: string, role: Role, password: string): Promise<User>
  list(): Promise<User[]>
  /** Removes the user and ends their sessions; false when there is no such user. */
  remove(email: string): Promise<boolean>
  /**
   * Removes the user unless they are the last admin (the dashboard's users page): `last-admin` then, and
   * `unknown` when there is no such user. Two admins removing each other at once leave one.
   */
  removeKeepingAnAdmin(email: string): Promise<'removed' | 'unknown' | 'last-admin'>
  /** A new session when e-mail and password match, else null (the same for an unknown e-mail). */
  signIn(email: string, password: string): Promise<{ token: string; session: Session } | null>
  /** The live session of a token, which this use keeps alive; null when unknown or ended. */
  session(token: string): Promise<Session | null>
  /** Ends the session of a token; false when there was none. */
  signOut(token: string): Promise<boolean>
}

interface SessionRow {
  token_hash: string
  csrf_token: string
  created_at: Date
  last_seen_at: Date
  email: string
  role: Role
}

const MINUTE_MS = 60_000
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')
const newToken = () => randomBytes(32).toString('base64url')

export function createUsers(deps: { db: AnyDb; clock: () => Date; settings: SessionSettings }): Users {
  const { db, clock, settings } = deps
  // Checked against when the e-mail is unknown, so that an unknown e-mail takes as long as a wrong password.
  let decoy: Promise<string> | undefined
  const toUser = (r: { email: string; role: Role; created_at: Date }): User => ({
    email: r.email,
    role: r.role,
    createdAt: r.created_at.toISOString(),
  })
  return {
    async add(email, role, password) {
      if (password.length < MIN_PASSWORD_LENGTH)
        throw new UserError(`A password needs at least ${MIN_PASSWORD_LENGTH} characters`)
      const hash = await hashPassword(password)
      const inserted = await sql<{ email: string; role: Role; created_at: Date }>`
        insert into users (id, email, role, password_hash, created_at)
        values (${`usr_${randomBytes(12).toString('base64url')}`}, ${email}, ${role}, ${hash}, ${clock()})
        on conflict do nothing returning email, role, created_at`.execute(db)
      const [row] = inserted.rows
      if (!row) throw new UserError(`There is already a user ${email}`)
      return toUser(row)
    },
    async list() {
      const rows = await sql<{ email: string; role: Role; created_at: Date }>`
        select email, role, created_at from users order by lower(email)`.execute(db)
      return rows.rows.map(toUser)
    },
    async remove(email) {
      // Sessions go with the user (on delete cascade).
      const r = await sql`delete from users where lower(email) = lower(${email})`.execute(db)
      return Number(r.numAffectedRows ?? 0) > 0
    },
    removeKeepingAnAdmin: (email) =>
      db.transaction().execute(async (tx) => {
        // The admins' rows locked first: a concurrent removal waits, then counts what is left.
        const admins = await sql<{ email: string }>`
          select email from users where role = 'admin' order by id for update`.execute(tx)
        const isAdmin = admins.rows.some((a) => a.email.toLowerCase() === email.toLowerCase())
        if (isAdmin && admins.rows.length === 1) return 'last-admin'
        const r = await sql`delete from users where lower(email) = lower(${email})`.execute(tx)
        return Number(r.numAffectedRows ?? 0) > 0 ? 'removed' : 'unknown'
      }),
    async signIn(email, password) {
      const rows = await sql<{ id: string; email: string; role: Role; password_hash: string }>`
        select id, email, role, password_hash from users where lower(email) = lower(${email})`.execute(db)
      const [user] = rows.rows
      if (!user) {
        decoy ??= hashPassword(newToken())
        await verifyPassword(password, await decoy)
        return null
      }
      if (!(await verifyPassword(password, user.password_hash))) return null
      const now = clock()
      const token = newToken()
      const csrfToken = newToken()
      await db.transaction().execute(async (tx) => {
        // The user's ended sessions are cleared on each sign-in, so they do not pile up.
        await sql`
          delete from user_sessions where user_id = ${user.id} and (
            last_seen_at <= ${new Date(now.getTime() - settings.idleHours * HOUR_MS)}
            or created_at <= ${new Date(now.getTime() - settings.maxDays * 24 * HOUR_MS)})`.execute(tx)
        await sql`
          insert into user_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)
          values (${tokenHash(token)}, ${user.id}, ${csrfToken}, ${now}, ${now})`.execute(tx)
      })
      return {
        token,
        session: {
          user: { email: user.email, role: user.role },
          csrfToken,
          expiresAt: sessionEndsAt(now, now, settings),
        },
      }
    },
    async session(token) {
      const rows = await sql<SessionRow>`
        select s.token_hash, s.csrf_token, s.created_at, s.last_seen_at, u.email, u.role
        from user_sessions s join users u on u.id = s.user_id
        where s.token_hash = ${tokenHash(token)}`.execute(db)
      const [row] = rows.rows
      if (!row) return null
      const now = clock()
      if (sessionEndsAt(row.created_at, row.last_seen_at, settings) <= now) {
        await sql`delete from user_sessions where token_hash = ${row.token_hash}`.execute(db)
        return null
      }
      // Recorded at most once a minute: a dashboard page makes many calls, and idle hours need no finer clock.
      const stale = now.getTime() - row.last_seen_at.getTime() >= MINUTE_MS
      if (stale)
        await sql`update user_sessions set last_seen_at = ${now} where token_hash = ${row.token_hash}`.execute(
          db,
        )
      return {
        user: { email: row.email, role: row.role },
        csrfToken: row.csrf_token,
        expiresAt: sessionEndsAt(row.created_at, stale ? now : row.last_seen_at, settings),
      }
    },
    async signOut(token) {
      const r = await sql`delete from user_sessions where token_hash = ${tokenHash(token)}`.execute(db)
      return Number(r.numAffectedRows ?? 0) > 0
    },
  }
}

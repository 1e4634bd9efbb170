import type { Selectable } from 'kysely'
import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import { eraseCustomer, exportCustomer } from './erase.js'
import type { PrivacyKind, PrivacyTables } from './migrations.js'

export type { Erasure } from './erase.js'
export { type PrivacyKind, privacyMigrations } from './migrations.js'

export interface PrivacyRequest {
  kind: PrivacyKind
  /** Who asked: a connector and its shop, or an operator. */
  source: string
  /** The customer as the asker names them: a Reel customer id or an id linked to one (`shopify:…`). */
  subject: string
}

export interface PrivacyRecord extends PrivacyRequest {
  id: number
  requestedAt: Date
  /** For an export, the data by table; for an erasure, what was deleted and pseudonymised. */
  result: unknown
}

export interface Privacy {
  /** Carries out a request at once and records it. */
  fulfil(request: PrivacyRequest): Promise<PrivacyRecord>
  list(limit?: number): Promise<Omit<PrivacyRecord, 'result'>[]>
  get(id: number): Promise<PrivacyRecord | undefined>
}

/**
 * The customer a subject names and every id that is theirs: an id linked to a customer (an alias, an
 * anonymous id) leads to that customer, whose other linked ids come along.
 */
async function idsOf(db: AnyDb, subject: string): Promise<string[]> {
  const linked = await sql<{ customer_id: string }>`
    select customer_id from identities where anonymous_id = ${subject}`.execute(db)
  const customer = linked.rows[0]?.customer_id ?? subject
  const others = await sql<{ anonymous_id: string }>`
    select anonymous_id from identities where customer_id = ${customer}`.execute(db)
  return [...new Set([customer, subject, ...others.rows.map((r) => r.anonymous_id)])]
}

export function createPrivacy(deps: { db: AnyDb; clock: () => Date }): Privacy {
  const table = () => tablesOf<PrivacyTables>(deps.db)
  const record = (r: Selectable<PrivacyTables['privacy_requests']>): PrivacyRecord => ({
    id: Number(r.id),
    kind: r.kind,
    source: r.source,
    subject: r.subject,
    requestedAt: new Date(r.requested_at),
    result: r.result,
  })
  return {
    async fulfil(request) {
      const ids = await idsOf(deps.db, request.subject)
      // An erasure's record keeps counts, not the pseudonym: that would lead back to the person.
      const result =
        request.kind === 'erase'
          ? (({ pseudonym: _, ...counts }) => counts)(await eraseCustomer(deps.db, ids))
          : { customerIds: ids, tables: await exportCustomer(deps.db, ids) }
      const row = await table()
        .insertInto('privacy_requests')
        .values({
          kind: request.kind,
          source: request.source,
          subject: request.subject,
          requested_at: deps.clock(),
          result: JSON.stringify(result),
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return record(row)
    },
    async list(limit = 100) {
      const rows = await table()
        .selectFrom('privacy_requests')
        .select(['id', 'kind', 'source', 'subject', 'requested_at'])
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        source: r.source,
        subject: r.subject,
        requestedAt: new Date(r.requested_at),
      }))
    },
    async get(id) {
      const row = await table()
        .selectFrom('privacy_requests')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row && record(row)
    },
  }
}

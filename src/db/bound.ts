import type { AnyDb } from './index.js'

/** A query that takes the database first, as every module's read functions do. */
// biome-ignore lint/suspicious/noExplicitAny: the arguments after the database are each query's own
type Query = (db: AnyDb, ...args: any[]) => unknown

/** Each query with its database already given: what a route calls, without holding the database itself. */
export type BoundQueries<Queries extends Record<string, Query>> = {
  [Name in keyof Queries]: Queries[Name] extends (db: AnyDb, ...args: infer Args) => infer Result
    ? (...args: Args) => Result
    : never
}

/**
 * Gives each query its database, so the composition root can hand an HTTP plugin the reads it uses
 * instead of the database (`boundQueries(db, { getCustomer, listEvents })`).
 */
export function boundQueries<Queries extends Record<string, Query>>(
  db: AnyDb,
  queries: Queries,
): BoundQueries<Queries> {
  return Object.fromEntries(
    Object.entries(queries).map(([name, query]) => [name, (...args: unknown[]) => query(db, ...args)]),
  ) as BoundQueries<Queries>
}

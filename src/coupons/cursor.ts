import { sql } from 'kysely'

/**
 * The cursor of a list read newest first: the last row's time and id, so the next page starts after it
 * however many rows arrive meanwhile.
 */
export function cursorOf(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url')
}

/** The condition for the rows after a cursor (`column`: the list's time); a RangeError naming `after` for one this API never gave. */
export function afterCursor(column: 'issued_at' | 'created_at', after: string) {
  const [at, id] = Buffer.from(after, 'base64url').toString().split('|')
  const time = new Date(at ?? '')
  if (Number.isNaN(time.getTime()) || !id) throw new RangeError('after: not a cursor this API gave')
  return sql`(${sql.ref(column)}, id) < (${time}, ${id})`
}

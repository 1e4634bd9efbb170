import { sql } from 'kysely'
import { decodeTimeCursor, encodeTimeCursor } from '../db/index.js'

/** The cursor after a row of a list read newest first: its time and id. */
export function cursorOf(at: Date, id: string): string {
  return encodeTimeCursor(at.toISOString(), id)
}

/** The condition for the rows after a cursor (`column`: the list's time); a RangeError naming `after` for one this API never gave. */
export function afterCursor(column: 'issued_at' | 'created_at', after: string) {
  const position = decodeTimeCursor(after)
  if (!position) throw new RangeError('after: not a cursor this API gave')
  return sql`(${sql.ref(column)}, id) < (${position.at}::timestamptz, ${position.id})`
}

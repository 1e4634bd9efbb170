/**
 * The cursor of a list read newest first (keyset paging): the last row's time and id, so the next page
 * starts after it however many rows arrive meanwhile. The time is kept as the text it was given (to the
 * millisecond from a JavaScript date, to the microsecond as the database wrote it), never rounded.
 */
const CURSOR_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(\d{3})?Z$/

export function encodeTimeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url')
}

/** The position a cursor stands for, or undefined when it is not one `encodeTimeCursor` made. */
export function decodeTimeCursor(cursor: string): { at: string; id: string } | undefined {
  const text = Buffer.from(cursor, 'base64url').toString()
  const bar = text.indexOf('|')
  const at = text.slice(0, bar)
  const id = text.slice(bar + 1)
  if (bar < 0 || id === '' || !CURSOR_TIME.test(at) || Number.isNaN(Date.parse(at))) return undefined
  return { at, id }
}

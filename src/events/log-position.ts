/**
 * A place in the log as projectors read it: the writing transaction's id, then the sequence number.
 * Below the oldest transaction still running no event can appear any more, so this order, unlike the
 * sequence alone (numbers are handed out before commit), never changes behind a reader.
 */
export interface LogPosition {
  /** A PostgreSQL xid8, as text: it outgrows a JavaScript number's exact integers. */
  xid: string
  seq: number
}

/** The start of the log: before every event. */
export const LOG_START: LogPosition = { xid: '0', seq: 0 }

const POSITION_TEXT = /^(\d{1,20})\.(\d{1,18})$/

/** `xid.seq`, the form the tracking API answers with and the admin API's `?after=` takes. */
export function formatPosition(position: LogPosition): string {
  return `${position.xid}.${position.seq}`
}

/** A position read back from its text form, or null when the text is not one. */
export function parsePosition(text: string): LogPosition | null {
  const match = POSITION_TEXT.exec(text)
  if (!match) return null
  const seq = Number(match[2])
  if (!Number.isSafeInteger(seq)) return null
  return { xid: BigInt(match[1] as string).toString(), seq }
}

/** Orders two positions: negative when `a` comes first. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  const ax = BigInt(a.xid)
  const bx = BigInt(b.xid)
  if (ax !== bx) return ax < bx ? -1 : 1
  return a.seq - b.seq
}

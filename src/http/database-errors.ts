/**
 * PostgreSQL errors that a client's input can cause: a value of the wrong form or out of range for its
 * column (class 22: invalid text representation, untranslatable character, numeric or datetime out of
 * range, string too long…), a value too big for an index or a statement too complex (54000, 54001), a
 * value a check constraint refuses (23514). Validation at the boundary should stop these first; this is the
 * safety net that keeps them from being answered as Reel's own failure.
 */
const CLIENT_CAUSED = /^(22[0-9A-Z]{3}|54000|54001|23514)$/

/** The database's reason when a client's input caused the error, else undefined. */
export function clientCausedDatabaseError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof code !== 'string' || !CLIENT_CAUSED.test(code)) return undefined
  return typeof message === 'string' ? message : code
}

/**
 * How Reel's own pool turns column text into JavaScript values. It is an option of that pool, not
 * pg's process-wide table, so another pg client in the process (a test's admin connection, a host
 * application embedding Reel) keeps pg's defaults. Both engines speak the wire protocol to this pool
 * (the embedded PGlite serves a socket, src/db/pglite-host.ts), so both return the same types.
 */
import pg from 'pg'

const { INT8, NUMERIC } = pg.types.builtins

/**
 * NUMERIC and INT8 as numbers. NUMERIC is safe for what Reel stores: amounts arrive as JavaScript
 * numbers (the event schema's `money` turns numeric text into one too), so each stored amount is the
 * decimal of a double and reads back as that same double, and a sum PostgreSQL adds up exactly is
 * rounded once, here. A caller that needs every digit of a value that did not come from a number
 * selects it as `column::text`. INT8 holds counts (count(*), bigserial ids), far below 2^53.
 */
const asNumber = (text: string): number => Number(text)

/** The `types` option of Reel's pool: INT8 and NUMERIC as numbers, everything else as pg parses it. */
export const reelTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    format !== 'binary' && (oid === NUMERIC || oid === INT8)
      ? asNumber
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'

/** A demo of this seed is already in the database, ending at another time than the one asked for. */
export class DemoEndMismatchError extends Error {}

/**
 * When the demo shop of `seed` ends in this database. The first demo of a seed ends at `wanted`, or `now`
 * (so a new user sees a live shop), and the database remembers it: running the demo again without an end
 * regenerates the same events (only duplicates are ingested) and the same ground truth. Asking for another
 * end than the remembered one is refused, since the events already stored would not be the truth's.
 */
export async function demoEndFor(
  db: AnyDb,
  seed: number,
  wanted: Date | undefined,
  now: Date,
): Promise<Date> {
  const key = `demo_end:${seed}`
  const chosen = (wanted ?? now).toISOString()
  const { rows } = await sql<{ value: string }>`
    insert into settings (key, value) values (${key}, ${chosen})
    on conflict (key) do update set value = settings.value returning value`.execute(db)
  const remembered = new Date(rows[0]?.value ?? chosen)
  if (wanted && remembered.getTime() !== wanted.getTime())
    throw new DemoEndMismatchError(
      `this database already holds the demo shop of seed ${seed}, ending at ${remembered.toISOString()}: run the demo without --end (or with that one), pick another --seed, or use a fresh data folder`,
    )
  return remembered
}

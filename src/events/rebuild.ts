import { type AnyDb, tablesOf } from '../db/index.js'
import { STORED_EVENT_COLUMNS, toStoredEvent } from './histories.js'
import type { EventsTables } from './migrations.js'
import type { Projection } from './stored-event.js'

/**
 * Rebuilds all derived state from the event log: resets every projection and replays the log in
 * arrival order, in chunks, in one transaction (readers see the old state until it commits).
 * Identity links are already applied to the log, so no merge step is needed.
 */
export async function rebuildProjections(
  db: AnyDb,
  projections: Projection[],
  options: { chunkSize?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const chunk = options.chunkSize ?? 5000
  return db.transaction().execute(async (trx) => {
    for (const p of projections) await p.reset(trx)
    let after = 0
    let done = 0
    for (;;) {
      const rows = await tablesOf<EventsTables>(trx)
        .selectFrom('events')
        .select(STORED_EVENT_COLUMNS)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(chunk)
        .execute()
      if (rows.length === 0) return done
      const events = rows.map(toStoredEvent)
      for (const p of projections) await p.apply(trx, events)
      after = rows.at(-1)!.seq
      done += rows.length
      options.onProgress?.(done)
    }
  })
}

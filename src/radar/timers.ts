import type { AnyDb } from '../db/index.js'
import { customerHistories } from '../events/index.js'
import { startTicker, type Ticker } from '../jobs/index.js'
import { runCustomerPass } from './customer-pass.js'
import { RADAR_PROJECTION } from './history-projection.js'
import type { RadarSettings } from './settings.js'
import { lockDueRuns } from './store.js'
import { writePass } from './write-pass.js'

/**
 * Lets time pass up to `now` for every customer with a timer due by then (and replays those an identity
 * merge flagged), `batchSize` customers per transaction. Locked rows are skipped, so several workers (or
 * processes on one PostgreSQL) never fire the same timer twice. Returns the signals raised.
 */
export async function fireDueTimers(
  db: AnyDb,
  now: Date,
  settings: RadarSettings,
  batchSize = 500,
): Promise<number> {
  let raised = 0
  for (;;) {
    const { customers, signals } = await db.transaction().execute(async (tx) => {
      const locked = await lockDueRuns(tx, now, batchSize)
      if (locked.size === 0) return { customers: 0, signals: 0 }
      const pass = await runCustomerPass({
        locked,
        newEvents: new Map(),
        until: now.getTime(),
        histories: (ids) => customerHistories(tx, ids, RADAR_PROJECTION),
        config: settings,
      })
      await writePass(tx, pass, settings.wonBackDays)
      return { customers: locked.size, signals: pass.signals.length }
    })
    raised += signals
    if (customers < batchSize) return raised
  }
}

/** A timer worker: fires due timers every tick with the clock's time; one tick at a time. */
export function startTimerWorker(
  db: AnyDb,
  clock: () => Date,
  settings: RadarSettings,
  onError: (error: unknown) => void,
): Ticker {
  return startTicker(() => fireDueTimers(db, clock(), settings), settings.timerTickMs, onError)
}

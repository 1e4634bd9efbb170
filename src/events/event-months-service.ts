import type { AnyDb } from '../db/index.js'
import { startTicker, type Ticker } from '../jobs/index.js'
import { eventsArePartitioned, prepareEventMonths } from './partitions.js'
import { dropExpiredEventMonths, type RetainedMonth } from './retention.js'

export interface EventMonthsDeps {
  db: AnyDb
  clock: () => Date
  /** REEL_EVENT_RETENTION_MONTHS: whole months of the log kept behind the current one; null keeps all. */
  retentionMonths: number | null
}

/** One round of the event months' upkeep. */
export interface EventMonthsRound {
  /** False on the embedded engine: one plain table, nothing made ahead, no retention. */
  partitioned: boolean
  /** Partitions made ahead this round. */
  created: string[]
  /** What retention did with each month past REEL_EVENT_RETENTION_MONTHS. */
  retention: RetainedMonth[]
}

export interface EventMonthsWorkerOptions {
  onError: (error: unknown) => void
  /** Told of every round that made or dropped a partition, or kept an expired one. */
  onRound?: (round: EventMonthsRound) => void
  intervalMs?: number
}

/** The months of the event log on PostgreSQL: partitions made ahead, old months dropped. */
export interface EventMonths {
  /** Makes the partitions of the current and next months, then applies the retention setting. */
  maintain(): Promise<EventMonthsRound>
  /** Runs `maintain` now and then hourly. */
  startWorker(options: EventMonthsWorkerOptions): Ticker
}

const HOURLY = 60 * 60 * 1000

export function createEventMonths(deps: EventMonthsDeps): EventMonths {
  const { db, clock, retentionMonths } = deps
  const maintain = async (): Promise<EventMonthsRound> => {
    if (!(await eventsArePartitioned(db))) return { partitioned: false, created: [], retention: [] }
    const now = clock()
    const created = await db.transaction().execute((trx) => prepareEventMonths(trx, now))
    const retention = await dropExpiredEventMonths(db, now, retentionMonths)
    return { partitioned: true, created, retention }
  }
  return {
    maintain,
    startWorker(options) {
      return startTicker(
        async () => {
          const round = await maintain()
          if (round.created.length > 0 || round.retention.length > 0) options.onRound?.(round)
        },
        options.intervalMs ?? HOURLY,
        options.onError,
      )
    },
  }
}

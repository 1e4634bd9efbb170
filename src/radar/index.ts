import type { AnyDb } from '../db/index.js'
import type { Projection } from '../events/index.js'
import { RADAR_KINDS } from './kinds.js'
import { radarProjection } from './live.js'
import { type KindSummary, listSignals, radarSummary, type SignalFilter, type SignalPage } from './queries.js'
import { type RecomputeSummary, recomputeRadar } from './recompute.js'
import type { RadarSettings } from './settings.js'
import { fireDueTimers, startTimerWorker } from './timers.js'

export type { DetectorKind, Signal } from './detectors/index.js'
export { RADAR_KINDS, type SignalKind } from './kinds.js'
export { radarMigrations } from './migrations.js'
export {
  decodeCursor,
  type KindSummary,
  type MoneyAmount,
  SIGNAL_STATES,
  type SignalFilter,
  type SignalPage,
  type SignalState,
  type SignalView,
} from './queries.js'
export type { RecomputeSummary } from './recompute.js'
export { DEFAULT_RADAR_SETTINGS, type RadarSettings } from './settings.js'
export {
  markContacted,
  type RaisedSignal,
  raiseSignals,
  type SignalCursor,
  type StoredSignal,
  signalsStoredAfter,
} from './store.js'

/** The missed-customer radar: live detection, durable timers, recomputation and the signals it keeps. */
export interface Radar {
  settings: RadarSettings
  /** Runs inside the ingesting transaction (give it to the ingestor, after the other projections). */
  projection: Projection
  /** Lets time pass up to `now` (default: the clock) for every customer with a timer due. */
  fireDue(now?: Date): Promise<number>
  /** Rebuilds every signal from the event log, as of `asOf` (default: the clock). */
  recompute(options?: { asOf?: Date; onProgress?: (customers: number) => void }): Promise<RecomputeSummary>
  listSignals(filter: Omit<SignalFilter, 'asOf'> & { asOf?: Date | undefined }): Promise<SignalPage>
  summary(options?: { asOf?: Date | undefined; weeks?: number | undefined }): Promise<KindSummary[]>
  /** Starts the timer worker (it ticks every settings.timerTickMs). */
  startWorker(onError: (error: unknown) => void): { stop(): Promise<void> }
}

export interface RadarDeps {
  db: AnyDb
  clock: () => Date
  settings: RadarSettings
  /** Members per step of a recompute: more is faster, fewer keeps memory down (default 2,000). */
  recomputeChunk?: number
}

export function createRadar(deps: RadarDeps): Radar {
  const { db, clock, settings } = deps
  return {
    settings,
    projection: radarProjection(settings),
    fireDue: (now = clock()) => fireDueTimers(db, now, settings),
    recompute: (options = {}) =>
      recomputeRadar(db, {
        asOf: options.asOf ?? clock(),
        settings,
        ...(deps.recomputeChunk ? { chunkSize: deps.recomputeChunk } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
    listSignals: (filter) =>
      listSignals(
        db,
        { ...filter, asOf: filter.asOf ?? clock() },
        settings.wonBackDays,
        settings.defaultCurrency,
        settings.valueBy,
      ),
    summary: (options = {}) =>
      radarSummary(
        db,
        { asOf: options.asOf ?? clock(), weeks: options.weeks ?? 12, kinds: RADAR_KINDS },
        settings.wonBackDays,
        settings.defaultCurrency,
        settings.valueBy,
      ),
    startWorker: (onError) => startTimerWorker(db, clock, settings, onError),
  }
}

import type { StoredEvent } from '../../events/index.js'
import { type CustomerRadarState, fireTimer, newCustomerState, stepCustomer } from './customer-state.js'
import { DEFAULT_RADAR_CONFIG, type RadarConfig, type Signal, type Timer } from './types.js'

/** A customer's radar state with its pending timers: what a restart must bring back. */
export interface CustomerRun {
  state: CustomerRadarState
  /** Pending timers by kind and key: a newer timer for the same key replaces the older. */
  timers: Record<string, Timer>
  /** Time (epoch ms) of the latest event fed; null before the first. */
  lastEventAt: number | null
  /** dueAt (epoch ms) of the latest timer fired; null before the first. */
  firedUntil: number | null
}

export function newCustomerRun(customerId: string): CustomerRun {
  return { state: newCustomerState(customerId), timers: {}, lastEventAt: null, firedUntil: null }
}

/**
 * Whether an event can be fed after what the run has seen and still give what one pass in time order
 * gives: not before the latest event, and after the latest timer fired (a check sees events at its own
 * time). Otherwise the customer must be replayed from the log.
 */
export function canFeedInOrder(run: CustomerRun, at: number): boolean {
  return (
    (run.lastEventAt === null || at >= run.lastEventAt) && (run.firedUntil === null || at > run.firedUntil)
  )
}

/** When the next pending timer comes due (epoch ms), or null when none is pending. */
export function nextDueAt(run: CustomerRun): number | null {
  let next: number | null = null
  for (const t of Object.values(run.timers)) {
    const due = t.dueAt
    if (next === null || due < next) next = due
  }
  return next
}

// A kind never holds a "|", so this is unambiguous; JSONB cannot store \u0000.
const slot = (t: Timer): string => `${t.kind}|${t.key}`

function byDue(a: Timer, b: Timer): number {
  return a.dueAt - b.dueAt || (slot(a) < slot(b) ? -1 : slot(a) > slot(b) ? 1 : 0)
}

/**
 * Fires, in time order, the pending timers due before `limit` (or at it, when `inclusive`); returns
 * the signals they gave. Runs before every event, so the common case (nothing due) allocates nothing.
 */
function fireDue(run: CustomerRun, limit: number, inclusive: boolean, config: RadarConfig): Signal[] {
  let signals: Signal[] | undefined
  for (;;) {
    let next: Timer | undefined
    for (const key in run.timers) {
      const t = run.timers[key] as Timer
      const due = inclusive ? t.dueAt <= limit : t.dueAt < limit
      if (due && (!next || byDue(t, next) < 0)) next = t
    }
    if (!next) return signals ?? []
    delete run.timers[slot(next)]
    run.firedUntil = Math.max(run.firedUntil ?? Number.NEGATIVE_INFINITY, next.dueAt)
    const step = fireTimer(run.state, next, config)
    run.state = step.state
    if (step.signals.length > 0) {
      signals ??= []
      signals.push(...step.signals)
    }
    for (const t of step.timers) run.timers[slot(t)] = t
  }
}

/**
 * Feeds one event: first the timers due strictly before it, then the event (an event at a timer's very
 * dueAt is seen by the check). Mutates `run`; the detectors themselves stay pure.
 */
export function feedEvent(
  run: CustomerRun,
  e: StoredEvent,
  config: RadarConfig = DEFAULT_RADAR_CONFIG,
): Signal[] {
  const at = e.occurredAt.getTime()
  const fired = fireDue(run, at, false, config)
  const step = stepCustomer(run.state, e, config)
  run.state = step.state
  run.lastEventAt = Math.max(run.lastEventAt ?? Number.NEGATIVE_INFINITY, at)
  for (const t of step.timers) run.timers[slot(t)] = t
  return fired.length === 0 ? step.signals : [...fired, ...step.signals]
}

/** Lets time pass up to `asOf` (inclusive): fires every timer due by then. */
export function advanceTo(
  run: CustomerRun,
  asOf: number,
  config: RadarConfig = DEFAULT_RADAR_CONFIG,
): Signal[] {
  return fireDue(run, asOf, true, config)
}

/** Every signal of one customer's events (sorted by time here) as of `asOf`, in one pass. */
export function detectCustomer(
  customerId: string,
  events: readonly StoredEvent[],
  asOf: number,
  config: RadarConfig = DEFAULT_RADAR_CONFIG,
): Signal[] {
  const run = newCustomerRun(customerId)
  const sorted = events
    .filter((e) => e.occurredAt.getTime() <= asOf)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.seq - b.seq)
  const signals: Signal[] = []
  for (const e of sorted) signals.push(...feedEvent(run, e, config))
  signals.push(...advanceTo(run, asOf, config))
  return signals
}

/**
 * A customer's run rebuilt from their whole history (sorted by time, then log order): every event fed,
 * then time let pass up to `until`. Unlike detectCustomer, no event is left out.
 */
export function replayRun(
  customerId: string,
  history: readonly StoredEvent[],
  until: number,
  config: RadarConfig = DEFAULT_RADAR_CONFIG,
): { run: CustomerRun; signals: Signal[] } {
  const run = newCustomerRun(customerId)
  const signals: Signal[] = []
  for (const e of history) signals.push(...feedEvent(run, e, config))
  signals.push(...advanceTo(run, until, config))
  return { run, signals }
}

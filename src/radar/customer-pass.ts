/**
 * One pass of the radar over a set of locked customers: new events fed in time order where that is
 * safe, otherwise the customer replayed from the log; then time let pass. Pure apart from reading
 * histories, so the live path, the timer worker and the recomputation share it.
 */
import type { StoredEvent } from '../events/index.js'
import {
  advanceTo,
  type CustomerRun,
  canFeedInOrder,
  feedEvent,
  idOf,
  type RadarConfig,
  replayRun,
  type Signal,
} from './detectors/index.js'
import type { CompletedOrder, LockedRun } from './store.js'

export interface PassInput {
  locked: ReadonlyMap<string, LockedRun>
  /** New events of each customer (any order); customers without new events only let time pass. */
  newEvents: ReadonlyMap<string, StoredEvent[]>
  /** Time passes up to here for every customer of the pass (epoch ms); null lets only events move time. */
  until: number | null
  /** Reads whole histories of customers that must be replayed. */
  histories: (customerIds: string[]) => Promise<Map<string, StoredEvent[]>>
  config: RadarConfig
}

export interface PassResult {
  runs: Map<string, CustomerRun>
  signals: Signal[]
  /** Customers rebuilt from their whole history: their stored signals are reconciled with the new set. */
  replayed: string[]
  /** Orders that can win back signals: new ones, and every order of a replayed customer. */
  orders: CompletedOrder[]
}

const byTime = (a: StoredEvent, b: StoredEvent): number =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || a.seq - b.seq

function completedOrders(events: readonly StoredEvent[]): CompletedOrder[] {
  return events
    .filter((e) => e.type === 'track' && e.event === 'Order Completed')
    .map((e) => {
      return { customerId: e.customerId, orderId: idOf(e.properties.order_id), at: e.occurredAt }
    })
}

export async function runCustomerPass(input: PassInput): Promise<PassResult> {
  const result: PassResult = { runs: new Map(), signals: [], replayed: [], orders: [] }
  const toReplay: Array<{ customerId: string; until: number | null }> = []
  for (const [customerId, locked] of input.locked) {
    const events = [...(input.newEvents.get(customerId) ?? [])].sort(byTime)
    const first = events[0]
    const run = locked.run
    if (run === null && !locked.needsReplay && events.length === 0) continue
    // No run yet is a replay too: for a new member the log holds only this batch, but a member whose
    // history predates the radar (Reel upgraded on an existing log) must not be read as new.
    const inOrder =
      run !== null &&
      !locked.needsReplay &&
      (first === undefined || canFeedInOrder(run, first.occurredAt.getTime()))
    if (!inOrder) {
      // Replay as far as this run had already let time pass, so no timer it fired is lost.
      const until = Math.max(
        input.until ?? Number.NEGATIVE_INFINITY,
        run?.firedUntil ?? Number.NEGATIVE_INFINITY,
      )
      toReplay.push({ customerId, until: Number.isFinite(until) ? until : null })
      continue
    }
    for (const e of events) result.signals.push(...feedEvent(run, e, input.config))
    if (input.until !== null) result.signals.push(...advanceTo(run, input.until, input.config))
    result.runs.set(customerId, run)
    result.orders.push(...completedOrders(events))
  }
  if (toReplay.length === 0) return result
  const histories = await input.histories(toReplay.map((r) => r.customerId))
  for (const { customerId, until } of toReplay) {
    const history = histories.get(customerId) ?? []
    const replayed = replayRun(customerId, history, until ?? Number.NEGATIVE_INFINITY, input.config)
    result.runs.set(customerId, replayed.run)
    result.signals.push(...replayed.signals)
    result.replayed.push(customerId)
    result.orders.push(...completedOrders(history))
  }
  return result
}

import type { StoredEvent } from '../../events/index.js'
import { trailingSpend } from './customer-facts.js'
import {
  DAY,
  type DetectorContext,
  eventName,
  iso,
  MINUTE,
  type Step,
  type Timer,
  unchanged,
} from './types.js'

/** Visits and the episode of browsing_not_buying. Times in epoch ms. */
export interface BrowsingState {
  /** Latest view (page, screen, Product Viewed): a view more than visitGap later starts a visit. */
  lastViewAt: number | null
  /** Visit starts still inside the window of the latest one, oldest first. */
  visitStarts: number[]
  /** Message ids of the views that started those visits. */
  visitEvidence: string[]
  /** When the current episode fired; the detector is disarmed until an order completes after it. */
  firedAt: number | null
}

export function newBrowsingState(): BrowsingState {
  return { lastViewAt: null, visitStarts: [], visitEvidence: [], firedAt: null }
}

const VIEWS = new Set(['page', 'screen', 'Product Viewed'])
/** The condition is checked at a visit start, and when the latest order leaves the window. */
const AT_VISIT = 'visit'
const ORDER_LEAVES = 'order-leaves-window'

function windowOf(ctx: DetectorContext): number {
  return ctx.config.browsingWindowDays * DAY
}

/**
 * On a view or an order: count visits and schedule a check. The check runs as a timer due at the visit
 * start itself, so that an order at that same instant is seen first.
 */
export function browsingNotBuying(
  state: BrowsingState,
  e: StoredEvent,
  ctx: DetectorContext,
): Step<BrowsingState> {
  const name = eventName(e)
  const at = e.occurredAt.getTime()
  const timer = (key: string, dueAt: number): Timer => ({
    kind: 'browsing_not_buying',
    customerId: ctx.customer.customerId,
    key,
    dueAt,
  })
  if (name === 'Order Completed')
    return { state, signals: [], timers: [timer(ORDER_LEAVES, at + windowOf(ctx))] }
  if (!VIEWS.has(name)) return unchanged(state)
  const startsVisit = state.lastViewAt === null || at - state.lastViewAt > ctx.config.visitGapMinutes * MINUTE
  const lastViewAt = state.lastViewAt === null ? at : Math.max(state.lastViewAt, at)
  if (!startsVisit) return unchanged({ ...state, lastViewAt })
  const keep = state.visitStarts.map((t) => t > at - windowOf(ctx))
  return {
    state: {
      ...state,
      lastViewAt,
      visitStarts: [...state.visitStarts.filter((_, i) => keep[i]), at],
      visitEvidence: [...state.visitEvidence.filter((_, i) => keep[i]), e.messageId],
    },
    signals: [],
    timers: [timer(AT_VISIT, at)],
  }
}

/**
 * A check comes due at T: fires when the timer is current, the detector is armed, at least browsingVisits
 * visits started in (T - window, T] and no order was completed in that window.
 */
export function browsingNotBuyingDue(
  state: BrowsingState,
  timer: Timer,
  ctx: DetectorContext,
): Step<BrowsingState> {
  const due = timer.dueAt
  const window = windowOf(ctx)
  const lastOrderAt = ctx.customer.lastOrderAt
  const current =
    timer.key === AT_VISIT
      ? state.visitStarts[state.visitStarts.length - 1] === due
      : lastOrderAt !== null && lastOrderAt + window === due
  if (!current) return unchanged(state)
  const armed = state.firedAt === null || (lastOrderAt !== null && lastOrderAt > state.firedAt)
  if (!armed || (lastOrderAt !== null && lastOrderAt > due - window)) return unchanged(state)
  const inWindow = state.visitStarts.map((t) => t > due - window && t <= due)
  if (inWindow.filter(Boolean).length < ctx.config.browsingVisits) return unchanged(state)
  const spend = trailingSpend(ctx.customer, due, ctx.config)
  return {
    state: { ...state, firedAt: due },
    signals: [
      {
        kind: 'browsing_not_buying',
        customerId: ctx.customer.customerId,
        key: iso(due),
        at: iso(due),
        evidence: state.visitEvidence.filter((_, i) => inWindow[i]),
        valueAtStake: spend.value,
        currency: spend.currency,
      },
    ],
    timers: [],
  }
}

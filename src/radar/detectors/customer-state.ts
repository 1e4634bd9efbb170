import { isAnonymousCustomer, type StoredEvent } from '../../events/index.js'
import {
  type BrowsingState,
  browsingNotBuying,
  browsingNotBuyingDue,
  newBrowsingState,
} from './browsing-not-buying.js'
import { cancelledAfterPayment } from './cancelled-after-payment.js'
import {
  type CartAbandonedState,
  cartAbandoned,
  cartAbandonedDue,
  newCartAbandonedState,
} from './cart-abandoned.js'
import { applyCustomerFacts, newCustomerFacts } from './customer-facts.js'
import { dormant, dormantSoon, newSilenceState, type SilenceState } from './dormancy.js'
import { type NegativeReviewState, negativeReview, newNegativeReviewState } from './negative-review.js'
import { type FiredOrders, newFiredOrders } from './order-signal.js'
import { outOfStock } from './out-of-stock.js'
import { returned } from './returned.js'
import {
  type CustomerFacts,
  DEFAULT_RADAR_CONFIG,
  type DetectorContext,
  type RadarConfig,
  type Signal,
  type Step,
  type Timer,
} from './types.js'

/** Everything the radar keeps about one customer: plain data, safe to store as JSON. */
export interface CustomerRadarState {
  facts: CustomerFacts
  cancelledAfterPayment: FiredOrders
  returned: FiredOrders
  outOfStock: FiredOrders
  cartAbandoned: CartAbandonedState
  negativeReview: NegativeReviewState
  browsingNotBuying: BrowsingState
  dormantSoon: SilenceState
  dormant: SilenceState
}

/** The state of a customer before any event. */
export function newCustomerState(customerId: string): CustomerRadarState {
  return {
    facts: newCustomerFacts(customerId),
    cancelledAfterPayment: newFiredOrders(),
    returned: newFiredOrders(),
    outOfStock: newFiredOrders(),
    cartAbandoned: newCartAbandonedState(),
    negativeReview: newNegativeReviewState(),
    browsingNotBuying: newBrowsingState(),
    dormantSoon: newSilenceState(),
    dormant: newSilenceState(),
  }
}

/**
 * An anonymous visitor not yet tied to a member is nobody's customer: its state is kept, nothing is
 * signalled or scheduled. When identify or alias ties it to a member, the member's state is rebuilt by
 * replaying the member's resolved events (signals are deduplicated by kind, customer and key downstream).
 */
function quiet(state: CustomerRadarState, step: Step<CustomerRadarState>): Step<CustomerRadarState> {
  return isAnonymousCustomer(state.facts.customerId) ? { state: step.state, signals: [], timers: [] } : step
}

/** Steps every detector on one event of this customer; events must come in time order. */
export function stepCustomer(
  state: CustomerRadarState,
  e: StoredEvent,
  config: RadarConfig = DEFAULT_RADAR_CONFIG,
): Step<CustomerRadarState> {
  const facts = applyCustomerFacts(state.facts, e)
  const ctx: DetectorContext = { config, customer: facts }
  const signals: Signal[] = []
  const timers: Timer[] = []
  const run = <S>(step: Step<S>): S => {
    if (step.signals.length > 0) signals.push(...step.signals)
    if (step.timers.length > 0) timers.push(...step.timers)
    return step.state
  }
  const next: CustomerRadarState = {
    facts,
    cancelledAfterPayment: run(cancelledAfterPayment(state.cancelledAfterPayment, e, ctx)),
    returned: run(returned(state.returned, e, ctx)),
    outOfStock: run(outOfStock(state.outOfStock, e, ctx)),
    cartAbandoned: run(cartAbandoned(state.cartAbandoned, e, ctx)),
    negativeReview: run(negativeReview(state.negativeReview, e, ctx)),
    browsingNotBuying: run(browsingNotBuying(state.browsingNotBuying, e, ctx)),
    dormantSoon: run(dormantSoon.step(state.dormantSoon, e, ctx)),
    dormant: run(dormant.step(state.dormant, e, ctx)),
  }
  return quiet(state, { state: next, signals, timers })
}

/**
 * Runs the detector a timer belongs to, at its dueAt. Timers must fire in time order, after every event
 * at or before their dueAt and before any later one; a stale or repeated timer does nothing.
 */
export function fireTimer(
  state: CustomerRadarState,
  timer: Timer,
  config: RadarConfig = DEFAULT_RADAR_CONFIG,
): Step<CustomerRadarState> {
  const ctx: DetectorContext = { config, customer: state.facts }
  const pass = (partial: Partial<CustomerRadarState>, step: Step<unknown>): Step<CustomerRadarState> =>
    quiet(state, { state: { ...state, ...partial }, signals: step.signals, timers: step.timers })
  switch (timer.kind) {
    case 'cart_abandoned': {
      const step = cartAbandonedDue(state.cartAbandoned, timer, ctx)
      return pass({ cartAbandoned: step.state }, step)
    }
    case 'browsing_not_buying': {
      const step = browsingNotBuyingDue(state.browsingNotBuying, timer, ctx)
      return pass({ browsingNotBuying: step.state }, step)
    }
    case 'dormant_soon': {
      const step = dormantSoon.due(state.dormantSoon, timer, ctx)
      return pass({ dormantSoon: step.state }, step)
    }
    case 'dormant': {
      const step = dormant.due(state.dormant, timer, ctx)
      return pass({ dormant: step.state }, step)
    }
    default:
      return { state, signals: [], timers: [] }
  }
}

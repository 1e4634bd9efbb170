import type { StoredEvent } from '../../events/index.js'
import { trailingSpend } from './customer-facts.js'
import { DAY, type DetectorContext, eventName, iso, type Step, type Timer, unchanged } from './types.js'

/** The customer's latest identified activity (epoch ms) and the message that was it. */
export interface SilenceState {
  lastActivityAt: number | null
  lastActivityBy: string | null
  /** dueAt (epoch ms) of the silence already signalled, so a timer fired twice signals once. */
  firedFor: number | null
}

export function newSilenceState(): SilenceState {
  return { lastActivityAt: null, lastActivityBy: null, firedFor: null }
}

/** Sent by the shop's back office about the customer: not the customer's own activity. */
const SHOP_SIDE = new Set(['Order Cancelled', 'Order Refunded', 'Return Received', 'Shipment Updated'])
const SILENCE = 'silence'

/** Identified activity: a message sent with a userId that the customer, not the shop, caused. */
export function isIdentifiedActivity(e: StoredEvent): boolean {
  return e.userId !== null && !SHOP_SIDE.has(eventName(e))
}

/** A silence detector (dormant_soon, dormant): fires `days` after the last identified activity. */
export function silenceDetector(kind: 'dormant_soon' | 'dormant', days: (ctx: DetectorContext) => number) {
  /** On an event: identified activity restarts the silence, superseding the pending timer. */
  function step(state: SilenceState, e: StoredEvent, ctx: DetectorContext): Step<SilenceState> {
    if (!isIdentifiedActivity(e)) return unchanged(state)
    const at = e.occurredAt.getTime()
    if (state.lastActivityAt !== null && at < state.lastActivityAt) return unchanged(state)
    const timer: Timer = {
      kind,
      customerId: ctx.customer.customerId,
      key: SILENCE,
      dueAt: at + days(ctx) * DAY,
    }
    return {
      state: { ...state, lastActivityAt: at, lastActivityBy: e.messageId },
      signals: [],
      timers: [timer],
    }
  }

  /** The silence has lasted long enough: fires when still current and the customer has ever ordered. */
  function due(state: SilenceState, timer: Timer, ctx: DetectorContext): Step<SilenceState> {
    const dueAt = timer.dueAt
    if (state.lastActivityAt === null || state.lastActivityAt + days(ctx) * DAY !== dueAt)
      return unchanged(state)
    if (ctx.customer.orderCount === 0 || state.firedFor === dueAt) return unchanged(state)
    // The spend of the year before the customer went quiet: a year later it would always be nothing.
    const spend = trailingSpend(ctx.customer, state.lastActivityAt, ctx.config)
    const signal = {
      kind,
      customerId: ctx.customer.customerId,
      key: iso(dueAt),
      at: iso(dueAt),
      evidence: state.lastActivityBy === null ? [] : [state.lastActivityBy],
      valueAtStake: spend.value,
      currency: spend.currency,
    }
    return { state: { ...state, firedFor: dueAt }, signals: [signal], timers: [] }
  }

  return { step, due }
}

/** dormant_soon: no identified activity for dormantSoonDays (335), with at least one order. */
export const dormantSoon = silenceDetector('dormant_soon', (ctx) => ctx.config.dormantSoonDays)
/** dormant: no identified activity for dormantDays (365), with at least one order. */
export const dormant = silenceDetector('dormant', (ctx) => ctx.config.dormantDays)

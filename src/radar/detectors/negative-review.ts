import type { StoredEvent } from '../../events/index.js'
import { trailingSpend } from './customer-facts.js'
import { type DetectorContext, eventName, idOf, iso, type Step, unchanged } from './types.js'

/** Reviews already signalled, by key (review_id, else the message id). */
export interface NegativeReviewState {
  fired: Record<string, true>
}

export function newNegativeReviewState(): NegativeReviewState {
  return { fired: {} }
}

/** A rating as a number: ingestion turns "2" into 2, numeric text is still read for safety. */
function ratingOf(value: unknown): number | null {
  const rating = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN
  return Number.isFinite(rating) ? rating : null
}

/** negative_review: a Product Reviewed with a rating at or below negativeRatingAtMost (2). */
export function negativeReview(
  state: NegativeReviewState,
  e: StoredEvent,
  ctx: DetectorContext,
): Step<NegativeReviewState> {
  if (eventName(e) !== 'Product Reviewed') return unchanged(state)
  const rating = ratingOf(e.properties.rating)
  if (rating === null || rating > ctx.config.negativeRatingAtMost) return unchanged(state)
  const key = idOf(e.properties.review_id) ?? e.messageId
  if (state.fired[key]) return unchanged(state)
  const at = e.occurredAt.getTime()
  const spend = trailingSpend(ctx.customer, at, ctx.config)
  return {
    state: { fired: { ...state.fired, [key]: true } },
    signals: [
      {
        kind: 'negative_review',
        customerId: ctx.customer.customerId,
        key,
        at: iso(at),
        evidence: [e.messageId],
        valueAtStake: spend.value,
        currency: spend.currency,
      },
    ],
    timers: [],
  }
}

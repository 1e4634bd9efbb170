import type { DetectorKind } from './detectors/index.js'

/** The kinds the event detectors raise; the radar's recompute rebuilds exactly these. */
export const DETECTOR_KINDS: readonly DetectorKind[] = [
  'cancelled_after_payment',
  'returned',
  'out_of_stock',
  'cart_abandoned',
  'negative_review',
  'browsing_not_buying',
  'dormant_soon',
  'dormant',
]

/**
 * Every kind of signal, in DESIGN section 4's order. `coupon_expiring_unused` is raised by the coupons
 * module from its wallets, `churn_risk` by the predictions from each fit (both through `raiseSignals`), not
 * from events.
 */
export const RADAR_KINDS = [...DETECTOR_KINDS, 'coupon_expiring_unused', 'churn_risk'] as const
export type SignalKind = DetectorKind | 'coupon_expiring_unused' | 'churn_risk'

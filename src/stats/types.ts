/** One exposed customer of an experiment, in the campaign's one currency. */
export interface ExperimentUnit {
  arm: 'treatment' | 'holdout'
  /** Completed orders in the goal window. */
  orders: number
  /**
   * Their value less refunds, before the campaign's discount (the list value): incremental profit subtracts
   * the discount as a cost, so revenue after it would count the discount twice.
   */
  revenue: number
  /** Discount given on those orders by the campaign's coupon. */
  discount: number
  /** What the messages sent to this customer cost (0 in the holdout). */
  messageCost: number
  /** Spend in the 90 days before exposure (the CUPED covariate). */
  preSpend: number
}

/** Sufficient statistics of one arm (so the analysis is O(1) per look; sums over units). */
export interface ArmSummary {
  n: number
  converted: number
  orders: number
  ordersSq: number
  revenue: number
  revenueSq: number
  preSpend: number
  preSpendSq: number
  revenueXPreSpend: number
  discount: number
  messageCost: number
}

export type ArmName = 'treatment' | 'holdout'

export interface AnalysisOptions {
  /** Two-sided confidence of every interval, e.g. 0.95. */
  confidence: number
  /** The designed holdout share (what the SRM check compares the split with). */
  holdoutShare: number
  /** Gross margin applied to incremental revenue (REEL_GROSS_MARGIN, default 0.4). */
  grossMargin: number
  /**
   * Always-valid intervals (asymptotic confidence sequences, Waudby-Smith et al.). `tuning` is the total
   * sample size (both arms) at which the sequence is tightest; GrowthBook's default is 5000.
   */
  sequential: { enabled: boolean; tuning: number }
  /**
   * Converters (and non-converters) each arm needs before any lift, interval or money estimate is given;
   * below it the analysis says `enough: false` and why. Default 30 (`MINIMUM_CONVERTERS`); 0 turns the rule
   * off. Optional so callers written before it keep working.
   */
  minimumConverters?: number
}

export interface Interval {
  lower: number
  upper: number
}

export interface Estimate {
  estimate: number
  /** The interval the report leads with: sequential when enabled, else fixed. */
  interval: Interval
  fixed: Interval
  sequential: Interval | null
  /** Fixed-horizon, two-sided. */
  pValue: number
}

export interface ArmFigures {
  n: number
  conversionRate: number | null
  ordersPerCustomer: number | null
  revenuePerCustomer: number | null
  discount: number
  messageCost: number
}

export interface ExperimentAnalysis {
  /** false → "not enough data yet" (why in `reason`). */
  enough: boolean
  reason: string | null
  arms: Record<ArmName, ArmFigures>
  conversion: { absolute: Estimate; relative: Estimate } | null
  ordersPerCustomer: Estimate | null
  /** Welch. */
  revenuePerCustomer: Estimate | null
  revenuePerCustomerCuped: (Estimate & { varianceReduction: number }) | null
  /** mismatch at p < 0.001. */
  srm: { chiSquare: number; pValue: number; mismatch: boolean } | null
  money: {
    /** Per treated customer lift × treated n. */
    incrementalOrders: Estimate | null
    incrementalRevenue: Estimate | null
    discountCost: number
    messageCost: number
    /** margin × incremental revenue − discount − message cost. */
    incrementalProfit: Estimate | null
    /** Discount paid to treated customers who would have bought anyway. */
    promotionDilemma: { discount: number; shareOfDiscount: number } | null
  }
}

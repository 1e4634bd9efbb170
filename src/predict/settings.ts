/** How the shop's predictions are fitted and read (REEL_PREDICT_* and REEL_CHURN_RISK_*; REEL_RADAR_VALUE_BY is the radar's). */
export interface PredictSettings {
  /** REEL_PREDICT_REFIT_HOURS: a fit older than this is redone by the worker. */
  refitHours: number
  /** REEL_PREDICT_TICK_MS: how often the worker checks the fit's age. */
  tickMs: number
  /** REEL_PREDICT_MONTHLY_DISCOUNT: the monthly rate the 12-month value discounts future orders by. */
  monthlyDiscount: number
  /** Fewer customers who bought twice than this and the shop's history is too thin to fit (a few hundred). */
  minRepeatBuyers: number
  /** The last days of history the quality check holds out (the fit on what came before forecasts them). */
  qualityHoldoutDays: number
  /** REEL_CHURN_RISK_P_ALIVE: churn_risk is raised when P(alive) falls below this. */
  churnRiskBelow: number
  /**
   * REEL_CHURN_RISK_MIN_VALUE: ... and the customer's 12-month value had they stayed active is at least
   * this. Unset: the median of the shop's repeat buyers, so the radar raises the valuable half.
   */
  churnRiskMinValue: number | null
}

export const DEFAULT_PREDICT_SETTINGS: PredictSettings = {
  refitHours: 24,
  tickMs: 10 * 60_000,
  monthlyDiscount: 0.01,
  minRepeatBuyers: 200,
  qualityHoldoutDays: 90,
  churnRiskBelow: 0.5,
  churnRiskMinValue: null,
}

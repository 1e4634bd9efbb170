import { type Moments, scaleMoments, toEstimate } from './estimate.js'
import type { AnalysisOptions, ArmSummary, ExperimentAnalysis } from './types.js'

/**
 * The promotion dilemma: how much of the treatment's discount went to customers who would have bought
 * without the campaign ("sure things").
 *
 * Estimator: the holdout's conversion rate pH estimates how many treated customers would have converted
 * anyway (randomisation makes the arms alike), so of the treatment's converters, who convert at pT, a share
 * pH / pT are sure things, assuming the campaign makes nobody less likely to buy (monotonicity). With the
 * discount spread alike over sure things and persuaded converters, the sure things' discount is
 * min(1, pH / pT) × the treatment's discount. Capped at 1: when the treatment converts no better than the
 * holdout, every converter is taken to be a sure thing. Null without a treatment conversion or a holdout.
 */
export function promotionDilemma(
  treatment: ArmSummary,
  holdout: ArmSummary,
): { discount: number; shareOfDiscount: number } | null {
  if (treatment.n === 0 || holdout.n === 0 || treatment.converted === 0) return null
  const pT = treatment.converted / treatment.n
  const pH = holdout.converted / holdout.n
  const share = Math.min(1, pH / pT)
  return { discount: share * treatment.discount, shareOfDiscount: share }
}

/**
 * Money figures of the campaign. Incremental orders and revenue are the per-customer lifts times the treated
 * customers (what the campaign added among the customers it reached); revenue uses the CUPED lift when it
 * is available (same target, narrower interval). Incremental profit = margin × incremental revenue − all
 * discount given − all message cost: the discount and message cost are what the campaign paid, known
 * exactly, so they shift the interval without widening it.
 */
export function moneyFigures(
  arms: Record<'treatment' | 'holdout', ArmSummary>,
  orders: Moments | null,
  revenue: Moments | null,
  options: AnalysisOptions,
): ExperimentAnalysis['money'] {
  const { treatment, holdout } = arms
  const discountCost = treatment.discount + holdout.discount
  const messageCost = treatment.messageCost + holdout.messageCost
  const treated = treatment.n
  return {
    incrementalOrders: orders ? toEstimate(scaleMoments(orders, treated), options) : null,
    incrementalRevenue: revenue ? toEstimate(scaleMoments(revenue, treated), options) : null,
    discountCost,
    messageCost,
    incrementalProfit: revenue
      ? toEstimate(scaleMoments(revenue, options.grossMargin * treated, -discountCost - messageCost), options)
      : null,
    promotionDilemma: promotionDilemma(treatment, holdout),
  }
}

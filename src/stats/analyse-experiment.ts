import { toEstimate } from './estimate.js'
import { cupedRevenueMoments, welchMoments } from './mean-difference.js'
import { moneyFigures } from './money.js'
import { checkInputs, MINIMUM_CONVERTERS } from './options.js'
import { sampleRatioCheck } from './srm.js'
import { conversionMoments } from './two-proportion.js'
import type { AnalysisOptions, ArmFigures, ArmName, ArmSummary, ExperimentAnalysis } from './types.js'

function armFigures(arm: ArmSummary): ArmFigures {
  const per = (total: number) => (arm.n > 0 ? total / arm.n : null)
  return {
    n: arm.n,
    conversionRate: per(arm.converted),
    ordersPerCustomer: per(arm.orders),
    revenuePerCustomer: per(arm.revenue),
    discount: arm.discount,
    messageCost: arm.messageCost,
  }
}

/** Why the conversion lift cannot be estimated yet, in the words a report shows. */
function notEnoughReason(treatment: ArmSummary, holdout: ArmSummary): string {
  if (treatment.n + holdout.n === 0) return 'no customer has been exposed yet'
  if (treatment.n < 2) return 'the treatment arm has fewer than 2 customers'
  if (holdout.n < 2) return 'the holdout has fewer than 2 customers'
  if (treatment.converted + holdout.converted === 0) return 'no customer in either arm has converted yet'
  if (holdout.converted === 0) return 'no holdout customer has converted yet, so there is no baseline'
  return 'every customer in both arms converted, so there is nothing to compare'
}

/**
 * Why the arms are too few for an estimate under the minimum-converters rule, or null when both have
 * enough. Both outcomes count: the normal approximations fail when either converters or non-converters are
 * few, and revenue per customer is a mean of the converters' few, heavy-tailed order values.
 */
function shortOfMinimum(treatment: ArmSummary, holdout: ArmSummary, minimum: number): string | null {
  const arms: Array<[ArmSummary, string]> = [
    [treatment, 'the treatment arm'],
    [holdout, 'the holdout'],
  ]
  for (const [arm, name] of arms) {
    if (arm.converted < minimum)
      return `${name} has ${arm.converted} converted customers so far; estimates need at least ${minimum} in each arm`
    if (arm.n - arm.converted < minimum)
      return `${name} has ${arm.n - arm.converted} customers who have not converted; estimates need at least ${minimum} in each arm`
  }
  return null
}

/**
 * The full analysis of a campaign against its holdout from the two arms' sums: conversion, orders and revenue
 * lifts with fixed and always-valid intervals, CUPED, the sample-ratio check and the money figures. Never
 * NaN: a figure that cannot be computed yet is null, and `enough` is false (with `reason`) until the
 * conversion lift can be estimated and each arm has `options.minimumConverters` converters and
 * non-converters (default 30). Below that minimum every estimate (lifts, incremental money, promotion
 * dilemma) is withheld as null, leaving the counts, the costs paid and the sample-ratio check. Throws a
 * RangeError naming the field for sums or options that are not numbers a campaign can have.
 */
export function analyseExperiment(
  arms: Record<ArmName, ArmSummary>,
  options: AnalysisOptions,
): ExperimentAnalysis {
  checkInputs(arms, options)
  const { treatment, holdout } = arms
  const counts = { treatment: armFigures(treatment), holdout: armFigures(holdout) }
  const srm = sampleRatioCheck(treatment.n, holdout.n, options.holdoutShare)
  const conversion = conversionMoments(treatment, holdout)
  const absolute = conversion
    ? toEstimate(conversion.absolute, options, conversion.pValue, { lower: -1, upper: 1 })
    : null
  const relative = conversion ? toEstimate(conversion.relative, options) : null
  const estimable = absolute !== null && relative !== null
  const short = shortOfMinimum(treatment, holdout, options.minimumConverters ?? MINIMUM_CONVERTERS)
  const reason = estimable ? short : notEnoughReason(treatment, holdout)
  if (short !== null) {
    const costs = moneyFigures(arms, null, null, options)
    return {
      enough: false,
      reason,
      arms: counts,
      conversion: null,
      ordersPerCustomer: null,
      revenuePerCustomer: null,
      revenuePerCustomerCuped: null,
      srm,
      money: { ...costs, promotionDilemma: null },
    }
  }
  const orders = welchMoments(treatment, holdout, 'orders')
  const revenue = welchMoments(treatment, holdout, 'revenue')
  const cuped = cupedRevenueMoments(treatment, holdout)
  const cupedEstimate = cuped ? toEstimate(cuped.moments, options) : null
  return {
    enough: estimable,
    reason,
    arms: counts,
    conversion: absolute && relative ? { absolute, relative } : null,
    ordersPerCustomer: orders ? toEstimate(orders, options) : null,
    revenuePerCustomer: revenue ? toEstimate(revenue, options) : null,
    revenuePerCustomerCuped:
      cuped && cupedEstimate ? { ...cupedEstimate, varianceReduction: cuped.varianceReduction } : null,
    srm,
    money: moneyFigures(arms, orders, cuped?.moments ?? revenue, options),
  }
}

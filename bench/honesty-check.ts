/**
 * The honesty check's figures over many simulated campaigns (bench/honesty-simulation.ts): coverage of the
 * 95% intervals, false positives with daily looks, CUPED's variance reduction, and the error of the reported
 * money figures against the truth. Shared by `npm run bench -- honesty` and src/stats/honesty.test.ts.
 */
import { createRandom } from '../src/demo/index.js'
import {
  DEFAULT_ANALYSIS_OPTIONS,
  type Estimate,
  type ExperimentAnalysis,
  MINIMUM_CONVERTERS,
} from '../src/stats/index.js'
import {
  type CampaignDesign,
  type CampaignTruth,
  type DesignLimits,
  drawDesign,
  type SimulatedCampaign,
  simulateCampaign,
} from './honesty-simulation.js'

export interface HonestyOptions extends DesignLimits {
  campaigns: number
  looks: number
  seed: number
  /** Replicates of one fixed design, for the realised variance reduction of CUPED. */
  replicates: number
}

/** Hits out of trials, with the binomial standard error of the rate. */
export interface Rate {
  hits: number
  total: number
}

export const rate = (r: Rate): number => (r.total > 0 ? r.hits / r.total : Number.NaN)
export const rateError = (r: Rate): number => Math.sqrt((rate(r) * (1 - rate(r))) / r.total)

/** The metrics whose intervals are checked, with how to read the estimate and its truth from a look. */
const METRICS = {
  'conversion lift (absolute)': {
    estimate: (a: ExperimentAnalysis) => a.conversion?.absolute ?? null,
    truth: (t: CampaignTruth) => t.conversion,
  },
  'conversion lift (relative)': {
    estimate: (a: ExperimentAnalysis) => a.conversion?.relative ?? null,
    truth: (t: CampaignTruth) => t.relativeConversion,
  },
  'orders per customer': {
    estimate: (a: ExperimentAnalysis) => a.ordersPerCustomer,
    truth: (t: CampaignTruth) => t.ordersPerCustomer,
  },
  'revenue per customer (Welch)': {
    estimate: (a: ExperimentAnalysis) => a.revenuePerCustomer,
    truth: (t: CampaignTruth) => t.revenuePerCustomer,
  },
  'revenue per customer (CUPED)': {
    estimate: (a: ExperimentAnalysis) => a.revenuePerCustomerCuped,
    truth: (t: CampaignTruth) => t.revenuePerCustomer,
  },
} as const
export type MetricName = keyof typeof METRICS
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[]

export interface MetricFigures {
  /** The final look's interval holds the truth. */
  fixed: Rate
  sequential: Rate
  /** The interval held the truth at every one of the looks (time-uniform coverage). */
  fixedEveryLook: Rate
  sequentialEveryLook: Rate
  /** Campaigns without an effect: the interval excluded 0 at some look (fixed: the naive daily test). */
  falsePositiveFixedAnyLook: Rate
  falsePositiveSequentialAnyLook: Rate
  falsePositiveFixedFinal: Rate
}

export interface HonestyReport {
  options: HonestyOptions
  campaigns: number
  nullCampaigns: number
  /** Campaigns whose final report was "not enough data". */
  notEnough: number
  /** The converters and non-converters each arm needs before the report gives an estimate. */
  minimumConverters: number
  /** As the report says it, with the minimum: a look without an interval makes no claim. */
  metrics: Record<MetricName, MetricFigures>
  /** The same looks with the minimum off (`minimumConverters: 0`), what the figures were before the rule. */
  withoutMinimum: { metrics: Record<MetricName, MetricFigures>; profitCoverage: Rate }
  /** Coverage of the fixed intervals at the final look, minimum off, by the converters in the smaller arm. */
  coverageByConverters: Array<{ band: string; conversion: Rate; welch: Rate; cuped: Rate }>
  cuped: {
    /** Mean reported variance reduction, and the mean squared correlation of revenue and pre-spend. */
    byConversion: Array<{
      band: string
      campaigns: number
      meanReduction: number
      meanSquaredCorrelation: number
    }>
    replicated: {
      design: CampaignDesign
      reportedReduction: number
      realisedReduction: number
      replicates: number
    }
  }
  profit: {
    campaigns: number
    coverage: Rate
    sequentialCoverage: Rate
    meanError: number
    meanErrorStandardError: number
    rootMeanSquareError: number
    medianAbsoluteError: number
    /** The dashboard's claim (margin × all treated revenue − costs) against the truth. */
    naiveMeanError: number
    meanAbsoluteTrueProfit: number
  }
  promotionDilemma: {
    campaigns: number
    meanError: number
    meanAbsoluteError: number
    /** The error by the holdout's converters, and by whether the campaign had an effect. */
    byHoldoutConverters: Array<{ band: string } & DilemmaErrors>
  }
  srmFalseAlarms: Rate
  seconds: number
}

const newRate = (): Rate => ({ hits: 0, total: 0 })
const count = (r: Rate, hit: boolean): void => {
  r.total += 1
  if (hit) r.hits += 1
}
const holds = (lower: number, upper: number, value: number) => lower <= value && value <= upper
const excludesZero = (e: Estimate, which: 'fixed' | 'sequential') => {
  const interval = which === 'fixed' ? e.fixed : e.sequential
  return interval !== null && (interval.lower > 0 || interval.upper < 0)
}

/** The promotion-dilemma share's error (estimate − truth) over campaigns with no effect and with an effect. */
export interface DilemmaErrors {
  noEffect: MeanError
  effect: MeanError
  meanAbsoluteError: number
}
/** A mean error (bias) with its standard error over the campaigns. */
export interface MeanError {
  campaigns: number
  meanError: number
  standardError: number
}

function meanError(errors: number[]): MeanError {
  return {
    campaigns: errors.length,
    meanError: mean(errors),
    standardError: Math.sqrt(variance(errors) / errors.length),
  }
}

function tallyMetric(
  figures: MetricFigures,
  campaign: SimulatedCampaign,
  looks: ExperimentAnalysis[],
  name: MetricName,
): void {
  const { estimate, truth } = METRICS[name]
  const value = truth(campaign.truth)
  const isNull = campaign.design.lift === 0
  let fixedAlways = true
  let sequentialAlways = true
  let fixedRejected = false
  let sequentialRejected = false
  let looked = false
  for (const look of looks) {
    const e = estimate(look)
    if (!e?.sequential) continue
    looked = true
    fixedAlways &&= holds(e.fixed.lower, e.fixed.upper, value)
    sequentialAlways &&= holds(e.sequential.lower, e.sequential.upper, value)
    fixedRejected ||= excludesZero(e, 'fixed')
    sequentialRejected ||= excludesZero(e, 'sequential')
  }
  const last = looks.at(-1)
  const final = last ? estimate(last) : null
  if (final?.sequential) {
    count(figures.fixed, holds(final.fixed.lower, final.fixed.upper, value))
    count(figures.sequential, holds(final.sequential.lower, final.sequential.upper, value))
    if (isNull) count(figures.falsePositiveFixedFinal, excludesZero(final, 'fixed'))
  }
  if (!looked) return
  count(figures.fixedEveryLook, fixedAlways)
  count(figures.sequentialEveryLook, sequentialAlways)
  if (isNull) {
    count(figures.falsePositiveFixedAnyLook, fixedRejected)
    count(figures.falsePositiveSequentialAnyLook, sequentialRejected)
  }
}

const CONVERSION_BANDS = (['typical', 'loyal'] as const).flatMap((history) => [
  { band: `${history} history, holdout conversion 1–5%`, history, low: 0, high: 0.05 },
  { band: `${history} history, 5–10%`, history, low: 0.05, high: 0.1 },
  { band: `${history} history, 10–20%`, history, low: 0.1, high: 1 },
])
const CONVERTER_BANDS = [
  { band: '< 30 converters in the smaller arm', low: 0, high: 30 },
  { band: '30–99', low: 30, high: 100 },
  { band: '100–299', low: 100, high: 300 },
  { band: '≥ 300', low: 300, high: Number.POSITIVE_INFINITY },
]
const HOLDOUT_CONVERTER_BANDS = [
  { band: '30–99 converters in the holdout', low: 30, high: 100 },
  { band: '100–299', low: 100, high: 300 },
  { band: '300–999', low: 300, high: 1000 },
  { band: '≥ 1,000', low: 1000, high: Number.POSITIVE_INFINITY },
]

/** Errors of the promotion-dilemma share, `lift` the campaign's true lift. */
function dilemmaErrors(errors: Array<{ error: number; lift: number }>): DilemmaErrors {
  const noEffect = errors.filter((e) => e.lift === 0).map((e) => e.error)
  const effect = errors.filter((e) => e.lift > 0).map((e) => e.error)
  return {
    noEffect: meanError(noEffect),
    effect: meanError(effect),
    meanAbsoluteError: mean(errors.map((e) => Math.abs(e.error))),
  }
}

/** Squared correlation of revenue and pre-period spend over both arms' final sums. */
function squaredCorrelation(campaign: SimulatedCampaign): number {
  const { treatment: t, holdout: h } = campaign.final
  const n = t.n + h.n
  const sy = t.revenue + h.revenue
  const sx = t.preSpend + h.preSpend
  const cov = t.revenueXPreSpend + h.revenueXPreSpend - (sx * sy) / n
  const vx = t.preSpendSq + h.preSpendSq - (sx * sx) / n
  const vy = t.revenueSq + h.revenueSq - (sy * sy) / n
  return (cov * cov) / (vx * vy)
}

function variance(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  return values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)
}

/** CUPED's reported variance reduction against the one realised over replicates of one design. */
function replicatedCuped(options: HonestyOptions): HonestyReport['cuped']['replicated'] {
  const design: CampaignDesign = {
    holdoutShare: 0.5,
    customers: Math.min(20000, 2 * options.maxArm),
    baseConversion: 0.2,
    lift: 0.2,
    discountRate: 0.15,
    messageCost: 0.05,
    history: 'loyal',
  }
  const random = createRandom(options.seed + 1_000_003)
  const welch: number[] = []
  const cuped: number[] = []
  const reported: number[] = []
  for (let i = 0; i < options.replicates; i++) {
    const final = simulateCampaign(design, random, 1).looks[0]
    if (!final?.revenuePerCustomer || !final.revenuePerCustomerCuped) continue
    welch.push(final.revenuePerCustomer.estimate)
    cuped.push(final.revenuePerCustomerCuped.estimate)
    reported.push(final.revenuePerCustomerCuped.varianceReduction)
  }
  return {
    design,
    reportedReduction: reported.reduce((a, b) => a + b, 0) / reported.length,
    realisedReduction: 1 - variance(cuped) / variance(welch),
    replicates: welch.length,
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length

function newMetricFigures(): Record<MetricName, MetricFigures> {
  return Object.fromEntries(
    METRIC_NAMES.map((name) => [
      name,
      {
        fixed: newRate(),
        sequential: newRate(),
        fixedEveryLook: newRate(),
        sequentialEveryLook: newRate(),
        falsePositiveFixedAnyLook: newRate(),
        falsePositiveSequentialAnyLook: newRate(),
        falsePositiveFixedFinal: newRate(),
      },
    ]),
  ) as Record<MetricName, MetricFigures>
}

/** Simulates `options.campaigns` campaigns and gathers every figure of the honesty check. */
export function runHonestyCheck(options: HonestyOptions): HonestyReport {
  const started = performance.now()
  const random = createRandom(options.seed)
  const metrics = newMetricFigures()
  const metricsWithoutMinimum = newMetricFigures()
  const profitCoverageWithoutMinimum = newRate()
  const byConverters = CONVERTER_BANDS.map((b) => ({
    ...b,
    conversion: newRate(),
    welch: newRate(),
    cuped: newRate(),
  }))
  const cupedBands = CONVERSION_BANDS.map((b) => ({
    ...b,
    reductions: [] as number[],
    correlations: [] as number[],
  }))
  const profitErrors: number[] = []
  const naiveErrors: number[] = []
  const trueProfits: number[] = []
  const profitCoverage = newRate()
  const profitSequential = newRate()
  const dilemma: Array<{ error: number; lift: number; holdoutConverters: number }> = []
  const srmFalseAlarms = newRate()
  let nullCampaigns = 0
  let notEnough = 0
  const margin = DEFAULT_ANALYSIS_OPTIONS.grossMargin
  for (let i = 0; i < options.campaigns; i++) {
    const campaign = simulateCampaign(drawDesign(random, options), random, options.looks)
    const { design, truth, final } = campaign
    const report = campaign.looks.at(-1)
    const unrestricted = campaign.looksWithoutMinimum.at(-1)
    if (!report || !unrestricted) continue
    if (design.lift === 0) nullCampaigns += 1
    if (!report.enough) notEnough += 1
    for (const name of METRIC_NAMES) {
      tallyMetric(metrics[name], campaign, campaign.looks, name)
      tallyMetric(metricsWithoutMinimum[name], campaign, campaign.looksWithoutMinimum, name)
    }
    const converters = Math.min(final.treatment.converted, final.holdout.converted)
    const band = byConverters.find((b) => converters >= b.low && converters < b.high)
    const covers = (r: Rate | undefined, e: Estimate | null | undefined, value: number) => {
      if (r && e) count(r, holds(e.fixed.lower, e.fixed.upper, value))
    }
    covers(band?.conversion, unrestricted.conversion?.absolute, truth.conversion)
    covers(band?.welch, unrestricted.revenuePerCustomer, truth.revenuePerCustomer)
    covers(band?.cuped, unrestricted.revenuePerCustomerCuped, truth.revenuePerCustomer)
    const cuped = report.revenuePerCustomerCuped
    const cupedBand = cupedBands.find(
      (b) => b.history === design.history && design.baseConversion >= b.low && design.baseConversion < b.high,
    )
    if (cuped && cupedBand) {
      cupedBand.reductions.push(cuped.varianceReduction)
      cupedBand.correlations.push(squaredCorrelation(campaign))
    }
    const costs = report.money.discountCost + report.money.messageCost
    const trueProfit = margin * final.treatment.n * truth.revenuePerCustomer - costs
    covers(profitCoverageWithoutMinimum, unrestricted.money.incrementalProfit, trueProfit)
    const profit = report.money.incrementalProfit
    if (profit?.sequential) {
      profitErrors.push(profit.estimate - trueProfit)
      naiveErrors.push(margin * final.treatment.revenue - costs - trueProfit)
      trueProfits.push(Math.abs(trueProfit))
      count(profitCoverage, holds(profit.fixed.lower, profit.fixed.upper, trueProfit))
      count(profitSequential, holds(profit.sequential.lower, profit.sequential.upper, trueProfit))
    }
    const share = report.money.promotionDilemma?.shareOfDiscount
    if (share !== undefined && design.lift >= 0) {
      const error = share - truth.sureThingShare
      dilemma.push({ error, lift: design.lift, holdoutConverters: final.holdout.converted })
    }
    if (report.srm) count(srmFalseAlarms, report.srm.mismatch)
  }
  return {
    options,
    campaigns: options.campaigns,
    nullCampaigns,
    notEnough,
    minimumConverters: DEFAULT_ANALYSIS_OPTIONS.minimumConverters ?? MINIMUM_CONVERTERS,
    metrics,
    withoutMinimum: { metrics: metricsWithoutMinimum, profitCoverage: profitCoverageWithoutMinimum },
    coverageByConverters: byConverters.map(({ band, conversion, welch, cuped }) => ({
      band,
      conversion,
      welch,
      cuped,
    })),
    cuped: {
      byConversion: cupedBands.map((b) => ({
        band: b.band,
        campaigns: b.reductions.length,
        meanReduction: mean(b.reductions),
        meanSquaredCorrelation: mean(b.correlations),
      })),
      replicated: replicatedCuped(options),
    },
    profit: {
      campaigns: profitErrors.length,
      coverage: profitCoverage,
      sequentialCoverage: profitSequential,
      meanError: mean(profitErrors),
      meanErrorStandardError: Math.sqrt(variance(profitErrors) / profitErrors.length),
      rootMeanSquareError: Math.sqrt(mean(profitErrors.map((e) => e * e))),
      medianAbsoluteError: median(profitErrors.map(Math.abs)),
      naiveMeanError: mean(naiveErrors),
      meanAbsoluteTrueProfit: mean(trueProfits),
    },
    promotionDilemma: {
      campaigns: dilemma.length,
      meanError: mean(dilemma.map((d) => d.error)),
      meanAbsoluteError: mean(dilemma.map((d) => Math.abs(d.error))),
      byHoldoutConverters: HOLDOUT_CONVERTER_BANDS.map(({ band, low, high }) => ({
        band,
        ...dilemmaErrors(dilemma.filter((d) => d.holdoutConverters >= low && d.holdoutConverters < high)),
      })),
    },
    srmFalseAlarms,
    seconds: (performance.now() - started) / 1000,
  }
}

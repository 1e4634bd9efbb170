/**
 * Simulated campaigns with known true effects, for the honesty check (`npm run bench -- honesty` and
 * src/stats/honesty.test.ts). Each campaign randomises customers into treatment and holdout one by one, as
 * Reel's hashed assignment does, and the report is `analyseExperiment` on the sums so far at each daily
 * look, exactly as the campaign report computes it (with its defaults, the 30-converter minimum included);
 * each look is also analysed with the minimum off, to show what the rule withholds.
 *
 * The customer model (all expectations known in closed form, so the truth is exact):
 * - a propensity u ∈ {0.25, 1, 3} / 0.925 with weights 0.5, 0.35, 0.15 (mean exactly 1), and a spend level
 *   w = exp(σw Z) (mean e^(σw²/2)); u and w independent;
 * - in the goal window a holdout customer converts with probability base · u, a treated one with
 *   base · u · (1 + lift) (at most 0.2 · 3.24 · 1.5 < 1); a converter places 1 order, or 2 with probability
 *   0.2; each order is worth 50 · w · exp(σo Z − σo²/2) (lognormal, heavy-tailed, mean 50 w);
 * - revenue is the orders' list value; a treated converter's coupon takes `discountRate` of the first order;
 *   each treated customer's messages cost `messageCost`;
 * - pre-period spend, two histories: `typical` (σw = 0.6, σo = 1): with probability 1 − e^(−1.5u) the
 *   customer bought in the 90 days before, spending 60 · u · w · exp(0.5 Z), a noisy trace of u and w as a
 *   shop's history is; `loyal` (σw = 1, σo = 0.5): everybody has a history, 60 · u · w · exp(0.25 Z), so
 *   pre-period spend predicts the outcome about as well as anything can.
 * Then per customer: E[conversion] = base (· (1 + lift)), E[orders] = 1.2 × that, E[revenue] =
 * 60 e^(σw²/2) × that, and the share of treated converters who would have converted anyway is 1 / (1 + lift).
 */
import type { Random } from '../src/demo/index.js'
import {
  type AnalysisOptions,
  type ArmSummary,
  addUnit,
  analyseExperiment,
  DEFAULT_ANALYSIS_OPTIONS,
  type ExperimentAnalysis,
  type ExperimentUnit,
  emptyArmSummary,
} from '../src/stats/index.js'

const PROPENSITY = [0.25, 1, 3].map((u) => u / 0.925)
const PROPENSITY_WEIGHTS = [0.5, 0.35, 0.15]
const ORDER_MEAN = 50
const SECOND_ORDER = 0.2

/** How customers' pre-period spend relates to what they do in the goal window (see above). */
export type History = 'typical' | 'loyal'
const HISTORIES: Record<History, { spendSigma: number; orderSigma: number; preNoise: number }> = {
  typical: { spendSigma: 0.6, orderSigma: 1, preNoise: 0.5 },
  loyal: { spendSigma: 1, orderSigma: 0.5, preNoise: 0.25 },
}

/** One simulated campaign's design: what the simulation knows and the analysis must find. */
export interface CampaignDesign {
  holdoutShare: number
  /** Customers exposed over the whole campaign (both arms). */
  customers: number
  /** The holdout's expected conversion rate. */
  baseConversion: number
  /** True relative conversion lift (0: no effect). */
  lift: number
  discountRate: number
  messageCost: number
  history: History
}

/** The true per-customer effects of a design. */
export interface CampaignTruth {
  conversion: number
  relativeConversion: number
  ordersPerCustomer: number
  revenuePerCustomer: number
  /** Share of the treated converters who would have converted without the campaign (lift ≥ 0). */
  sureThingShare: number
}

export function truthOf(design: CampaignDesign): CampaignTruth {
  const conversion = design.baseConversion * design.lift
  return {
    conversion,
    relativeConversion: design.lift,
    ordersPerCustomer: conversion * (1 + SECOND_ORDER),
    revenuePerCustomer:
      conversion * (1 + SECOND_ORDER) * ORDER_MEAN * Math.exp(HISTORIES[design.history].spendSigma ** 2 / 2),
    sureThingShare: Math.min(1, 1 / (1 + design.lift)),
  }
}

/** A standard normal draw (Box–Muller; the second value is dropped to keep the stream simple). */
function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
}

/** One customer of a campaign, drawn from the model above. */
function drawCustomer(design: CampaignDesign, random: Random): ExperimentUnit {
  const arm = random.chance(design.holdoutShare) ? 'holdout' : 'treatment'
  const { spendSigma, orderSigma, preNoise } = HISTORIES[design.history]
  const u = random.weighted(PROPENSITY, PROPENSITY_WEIGHTS)
  const w = Math.exp(spendSigma * normal(random))
  const bought = design.history === 'loyal' || random.chance(1 - Math.exp(-1.5 * u))
  const preSpend = bought ? 60 * u * w * Math.exp(preNoise * normal(random)) : 0
  const p = design.baseConversion * u * (arm === 'treatment' ? 1 + design.lift : 1)
  const unit: ExperimentUnit = {
    arm,
    orders: 0,
    revenue: 0,
    discount: 0,
    messageCost: arm === 'treatment' ? design.messageCost : 0,
    preSpend,
  }
  if (!random.chance(p)) return unit
  unit.orders = random.chance(SECOND_ORDER) ? 2 : 1
  for (let i = 0; i < unit.orders; i++) {
    const value = ORDER_MEAN * w * Math.exp(orderSigma * normal(random) - orderSigma ** 2 / 2)
    unit.revenue += value
    if (i === 0 && arm === 'treatment') unit.discount = design.discountRate * value
  }
  return unit
}

/** Limits of the designs drawn. */
export interface DesignLimits {
  /** Smallest expected holdout and largest expected treatment arm. */
  minArm: number
  maxArm: number
  /** Share of campaigns with no effect at all. */
  nullShare: number
  /** Share of campaigns whose customers have a `loyal` history. */
  loyalShare: number
}

/**
 * A design: holdout share 10%, 20% or 50%; customers log-uniform so that the expected holdout is at least
 * `minArm` and the expected treatment at most `maxArm`; holdout conversion 1–20%; lift 0 with probability
 * `nullShare`, else uniform in −20%…+50%; a 10–20% coupon; messages costing 0.01–0.10 each; a `loyal`
 * history with probability `loyalShare`.
 */
export function drawDesign(random: Random, limits: DesignLimits): CampaignDesign {
  const holdoutShare = random.pick([0.1, 0.2, 0.5])
  const low = Math.log(limits.minArm / holdoutShare)
  const high = Math.log(limits.maxArm / (1 - holdoutShare))
  return {
    holdoutShare,
    customers: Math.round(Math.exp(low + (high - low) * random.next())),
    baseConversion: 0.01 + 0.19 * random.next(),
    lift: random.chance(limits.nullShare) ? 0 : -0.2 + 0.7 * random.next(),
    discountRate: 0.1 + 0.1 * random.next(),
    messageCost: 0.01 + 0.09 * random.next(),
    history: random.chance(limits.loyalShare) ? 'loyal' : 'typical',
  }
}

/** What one simulated campaign's looks said: the analysis at each look, the last one the final report. */
export interface SimulatedCampaign {
  design: CampaignDesign
  truth: CampaignTruth
  /** The report's analysis (DEFAULT_ANALYSIS_OPTIONS) at each look. */
  looks: ExperimentAnalysis[]
  /** The same looks with `minimumConverters: 0`: every estimate the sums allow. */
  looksWithoutMinimum: ExperimentAnalysis[]
  /** The sums at the last look (the realised discount and message cost come from them). */
  final: Record<'treatment' | 'holdout', ArmSummary>
}

/**
 * Runs one campaign: customers arrive in random order over `looks` days, and the report is computed on the
 * sums at the end of each day (look k sees the first ⌊k · customers / looks⌋ customers).
 */
export function simulateCampaign(design: CampaignDesign, random: Random, looks: number): SimulatedCampaign {
  const arms = { treatment: emptyArmSummary(), holdout: emptyArmSummary() }
  const options: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS, holdoutShare: design.holdoutShare }
  const unrestricted: AnalysisOptions = { ...options, minimumConverters: 0 }
  const reports: ExperimentAnalysis[] = []
  const reportsWithoutMinimum: ExperimentAnalysis[] = []
  let seen = 0
  for (let look = 1; look <= looks; look++) {
    const until = Math.floor((look * design.customers) / looks)
    for (; seen < until; seen++) {
      const unit = drawCustomer(design, random)
      addUnit(arms[unit.arm], unit)
    }
    reports.push(analyseExperiment(arms, options))
    reportsWithoutMinimum.push(analyseExperiment(arms, unrestricted))
  }
  return {
    design,
    truth: truthOf(design),
    looks: reports,
    looksWithoutMinimum: reportsWithoutMinimum,
    final: arms,
  }
}

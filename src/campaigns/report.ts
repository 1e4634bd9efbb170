import type { AnyDb } from '../db/index.js'
import type { Locale } from '../pages/index.js'
import {
  type AnalysisOptions,
  type ArmSummary,
  addUnit,
  analyseExperiment,
  type Estimate,
  type ExperimentAnalysis,
  emptyArmSummary,
} from '../stats/index.js'
import { DailyDeltas, dayIn } from './daily-path.js'
import type { Arm } from './holdout.js'
import type { TargetingValue } from './report-savings.js'
import {
  BUYER_SEGMENTS,
  SPEND_BANDS,
  type SpendBandCuts,
  spendBandCuts,
  spendBandOf,
} from './report-segments.js'
import {
  exposedUnits,
  groupBy,
  type ReportMoney,
  type ReportReaders,
  type ReportUnit,
} from './report-units.js'
import { enteredByArm } from './results.js'
import { type Verdict, verdictOf } from './verdict.js'

/** How a report counts and judges: money, the analysis' options (but the holdout share), the shop's day. */
export interface ReportSettings {
  money: ReportMoney
  analysis: Omit<AnalysisOptions, 'holdoutShare'>
  /** The shop's time zone: the daily path's days are its calendar days. */
  timeZone: string
}

/** The figures of one group of exposed customers, with what they allow one to say. */
export interface ReportGroup {
  key: string
  analysis: ExperimentAnalysis
  verdict: Verdict
}

/** One day of the path: the figures as a look that evening would have seen them (cumulative). */
export interface DailyPoint {
  day: string
  treatment: number
  holdout: number
  /** Each arm's conversion rate that evening (null for an empty arm): the lines the lift lies between. */
  conversionRate: Record<Arm, number | null>
  conversion: Estimate | null
  ordersPerCustomer: Estimate | null
  incrementalProfit: Estimate | null
}

export interface CampaignReport {
  campaignId: string
  name: string
  goalDays: number
  asOf: string
  currency: string | null
  holdoutShare: number
  entered: Record<Arm, number>
  /** Exposures whose goal window has not closed yet: their figures may still grow. */
  windowsOpen: number
  /** Orders in the goal windows in another currency: counted as orders, left out of the money. */
  otherCurrencyOrders: number
  intervals: 'always-valid' | 'fixed'
  overall: ReportGroup
  breakdowns: {
    trigger: ReportGroup[]
    buyer: ReportGroup[]
    spendBand: ReportGroup[]
    /** Where the spend bands split (what buyers had spent before exposure), or null with no buyer. */
    spendBandCuts: SpendBandCuts | null
  }
  daily: DailyPoint[]
  /**
   * Once every goal window has closed: what aiming the campaign at the top 30% by a model trained on it
   * would have earned, and saved (cross-fitted). Null before, or with too few customers.
   */
  targeting: TargetingValue | null
}

/** The part of a unit the breakdowns keep (the timeline goes to the daily path only). */
type KeptUnit = Omit<ReportUnit, 'timeline' | 'customerId' | 'exposedAt'>

/** Pure: the arms' sums of some units. */
export function armsOf(units: Iterable<KeptUnit>): Record<Arm, ArmSummary> {
  const arms = { treatment: emptyArmSummary(), holdout: emptyArmSummary() }
  for (const unit of units) addUnit(arms[unit.arm], unit)
  return arms
}

/** Pure: one group's analysis and verdict. */
export function reportGroup(
  key: string,
  arms: Record<Arm, ArmSummary>,
  options: AnalysisOptions,
  context: { currency: string | null; locale: Locale; windowsOpen: number },
): ReportGroup {
  const analysis = analyseExperiment(arms, options)
  return { key, analysis, verdict: verdictOf(analysis, { ...context, confidence: options.confidence }) }
}

/** Pure: the units grouped by a key, in the order `order` gives (others after, sorted), empty groups left out. */
export function groupedBy<K extends string>(
  units: readonly KeptUnit[],
  keyOf: (unit: KeptUnit) => K,
  order: readonly K[] = [],
): Array<[K, KeptUnit[]]> {
  const groups = groupBy(units, keyOf) as Map<K, KeptUnit[]>
  const rank = (k: K) => {
    const i = order.indexOf(k)
    return i === -1 ? order.length : i
  }
  return [...groups].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
}

/**
 * A campaign's report as of `now`: the analysis of its exposed customers, the same by trigger, buyer
 * segment and spend band, and the daily path (`overall`: the analysis alone, breakdowns and path empty). The units are read a page at a time; what is kept per unit
 * is a few numbers (the breakdowns), and the daily path only a sum per day and arm.
 */
export async function campaignReport(
  db: AnyDb,
  campaign: { id: string; name: string; goalDays: number; holdoutShare: number },
  now: Date,
  readers: ReportReaders,
  settings: ReportSettings,
  locale: Locale,
  detail: 'full' | 'overall' = 'full',
): Promise<CampaignReport> {
  const options: AnalysisOptions = { ...settings.analysis, holdoutShare: campaign.holdoutShare }
  const dayOf = dayIn(settings.timeZone)
  const deltas = new DailyDeltas(dayOf)
  const kept: KeptUnit[] = []
  let windowsOpen = 0
  let otherCurrencyOrders = 0
  const goalMs = campaign.goalDays * 86_400_000
  for await (const page of exposedUnits(db, campaign, now, readers, settings.money))
    for (const { timeline, customerId: _, exposedAt, ...unit } of page) {
      deltas.add({ ...unit, exposedAt, timeline })
      kept.push(unit)
      if (exposedAt.getTime() + goalMs > now.getTime()) windowsOpen++
      otherCurrencyOrders += unit.otherCurrencyOrders
    }
  const context = { currency: settings.money.currency, locale, windowsOpen }
  const group = (key: string, units: readonly KeptUnit[]) => reportGroup(key, armsOf(units), options, context)
  const full = detail === 'full'
  const cuts = spendBandCuts(kept.map((u) => u.priorSpend))
  const daily: DailyPoint[] = []
  for (const look of full ? deltas.cumulative(dayOf(now)) : []) {
    const analysis = analyseExperiment(look.arms, options)
    daily.push({
      day: look.day,
      treatment: look.arms.treatment.n,
      holdout: look.arms.holdout.n,
      conversionRate: {
        treatment: analysis.arms.treatment.conversionRate,
        holdout: analysis.arms.holdout.conversionRate,
      },
      conversion: analysis.conversion?.absolute ?? null,
      ordersPerCustomer: analysis.ordersPerCustomer,
      incrementalProfit: analysis.money.incrementalProfit,
    })
  }
  return {
    campaignId: campaign.id,
    name: campaign.name,
    goalDays: campaign.goalDays,
    asOf: now.toISOString(),
    currency: settings.money.currency,
    holdoutShare: campaign.holdoutShare,
    entered: await enteredByArm(db, campaign.id),
    windowsOpen,
    otherCurrencyOrders,
    intervals: options.sequential.enabled ? 'always-valid' : 'fixed',
    overall: group('all', kept),
    breakdowns: {
      trigger: full ? groupedBy(kept, (u) => u.trigger).map(([k, units]) => group(k, units)) : [],
      buyer: full ? groupedBy(kept, (u) => u.buyer, BUYER_SEGMENTS).map(([k, units]) => group(k, units)) : [],
      spendBand: full
        ? groupedBy(kept, (u) => spendBandOf(u.priorSpend, cuts), SPEND_BANDS).map(([k, units]) =>
            group(k, units),
          )
        : [],
      spendBandCuts: cuts,
    },
    daily,
    targeting: null,
  }
}

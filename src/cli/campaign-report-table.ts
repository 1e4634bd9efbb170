import type { CampaignReport, ReportGroup } from '../campaigns/index.js'
import { minorUnits } from '../coupons/index.js'
import { formatMoney, type Locale } from '../pages/index.js'
import type { Estimate } from '../stats/index.js'
import { renderTable } from './format.js'

const percent = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`)

/** An estimate and its lead interval: `4.1 [2.0, 6.2]`, or `–` when it cannot be computed yet. */
function withInterval(e: Estimate | null, format: (x: number) => string): string {
  if (!e) return '–'
  return `${format(e.estimate)} [${format(e.interval.lower)}, ${format(e.interval.upper)}]`
}

/** `reel campaigns report ID`: the verdict, each group's figures, then the last days of the path. */
export function renderCampaignReport(report: CampaignReport, locale: Locale, days = 14): string {
  const digits = minorUnits(report.currency)
  const money = (x: number) =>
    formatMoney(Math.round(x * 10 ** digits) / 10 ** digits, report.currency, locale)
  const per100 = (x: number) => (x * 100).toFixed(1)
  const row = (label: string, g: ReportGroup) => {
    const a = g.analysis
    return [
      label,
      String(a.arms.treatment.n),
      String(a.arms.holdout.n),
      percent(a.arms.treatment.conversionRate),
      percent(a.arms.holdout.conversionRate),
      withInterval(a.ordersPerCustomer, per100),
      withInterval(a.money.incrementalProfit, money),
      money(a.money.discountCost),
      a.money.promotionDilemma ? percent(a.money.promotionDilemma.shareOfDiscount) : '–',
      g.verdict.kind,
    ]
  }
  const { breakdowns } = report
  const groups = renderTable(
    [
      'group',
      'treatment',
      'holdout',
      'conv. T',
      'conv. H',
      'orders/100 customers',
      'incremental profit',
      'discount',
      'to sure things',
      'verdict',
    ],
    [
      row('all', report.overall),
      ...breakdowns.trigger.map((g) => row(`trigger: ${g.key}`, g)),
      ...breakdowns.buyer.map((g) => row(`buyer: ${g.key}`, g)),
      ...breakdowns.spendBand.map((g) => row(`spend: ${g.key}`, g)),
    ],
    new Set([1, 2, 3, 4, 7, 8]),
  )
  const path = renderTable(
    ['day', 'treatment', 'holdout', 'conversion lift', 'orders/100 customers'],
    report.daily
      .slice(-days)
      .map((d) => [
        d.day,
        String(d.treatment),
        String(d.holdout),
        withInterval(d.conversion, percent),
        withInterval(d.ordersPerCustomer, per100),
      ]),
    new Set([1, 2]),
  )
  const cuts = breakdowns.spendBandCuts
  return [
    `${report.name} (${report.campaignId}), as of ${report.asOf}`,
    `entered: ${report.entered.treatment} treatment, ${report.entered.holdout} holdout (${percent(report.holdoutShare)} designed); goal: an order within ${report.goalDays} days; ${report.windowsOpen} windows still open`,
    `intervals: ${report.intervals === 'always-valid' ? '95% always-valid (valid at every look)' : '95% fixed-horizon'}${cuts ? `; spend bands: low ≤ ${money(cuts.low)} < middle ≤ ${money(cuts.high)} < high` : ''}`,
    '',
    report.overall.verdict.text,
    report.targeting?.saved
      ? `targeting the top ${percent(report.targeting.topShare)} by a model trained on this campaign (cross-fitted): profit ${withInterval(report.targeting.profitIfTopOnly, money)}; leaving the rest out would have saved ${withInterval(report.targeting.saved, money)}`
      : '',
    '',
    groups,
    '',
    report.daily.length > 0
      ? `the last ${Math.min(days, report.daily.length)} days (as of each evening):`
      : '',
    report.daily.length > 0 ? path : '',
  ]
    .filter((line, i, lines) => line !== '' || lines[i - 1] !== '')
    .join('\n')
}

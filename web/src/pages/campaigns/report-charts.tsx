import { useMemo } from 'react'
import { CHART_COLORS, Chart, type ChartOption } from '../../chart'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import type { CampaignReport, DailyPoint, Estimate } from './api'
import { type Unit, useUnitFormat } from './figures'
import { strings } from './strings'

const GRID = { left: 64, right: 16, top: 40, bottom: 28 }

/** Each arm's conversion rate as a look each evening would have seen it (cumulative). */
export function ArmsChart({ report }: { report: CampaignReport }) {
  const s = useStrings(strings)
  const f = useFormat()
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? f.percent(v) : '—') },
      legend: { top: 0 },
      grid: GRID,
      xAxis: { type: 'category', data: report.daily.map((d) => f.date(`${d.day}T12:00:00Z`)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => f.percent(v) } },
      series: [
        { name: s.arms.treatment, type: 'line', data: report.daily.map((d) => d.conversionRate.treatment) },
        { name: s.arms.holdout, type: 'line', data: report.daily.map((d) => d.conversionRate.holdout) },
      ],
    }),
    [report, f, s],
  )
  return <Chart option={option} label={s.armsChart} />
}

/**
 * An estimate over the days with its interval as a band (the interval the report leads with: always-valid
 * unless the server is set to fixed-horizon), and a line at zero: where the band leaves it, the effect is
 * told apart from none.
 */
export function EstimateBandChart({
  report,
  pick,
  unit,
  label,
}: {
  report: CampaignReport
  pick: (d: DailyPoint) => Estimate | null
  unit: Unit
  label: string
}) {
  const s = useStrings(strings)
  const f = useFormat()
  const format = useUnitFormat()
  const option = useMemo<ChartOption>(() => {
    const points = report.daily.map(pick)
    const days = report.daily.map((d) => f.date(`${d.day}T12:00:00Z`))
    const show = (n: number) => format(n, unit, report.currency)
    const bandName = report.intervals === 'always-valid' ? s.alwaysValidBand : s.fixedBand
    return {
      tooltip: {
        trigger: 'axis',
        // The band is drawn as a stack (lower edge + width): the tooltip reads the real figures instead.
        formatter: (params) => {
          const index = (Array.isArray(params) ? params[0] : params)?.dataIndex ?? 0
          const p = points[index]
          const day = days[index] ?? ''
          if (!p) return `${day}<br>${s.noEstimateYet}`
          return `${day}<br>${s.estimate}: ${show(p.estimate)}<br>${bandName}: ${show(p.interval.lower)} – ${show(p.interval.upper)}`
        },
      },
      legend: { top: 0, data: [s.estimate, bandName] },
      grid: GRID,
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => show(v) } },
      series: [
        {
          name: 'lower',
          type: 'line',
          data: points.map((p) => p?.interval.lower ?? null),
          stack: 'band',
          stackStrategy: 'all',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          silent: true,
        },
        {
          name: bandName,
          type: 'line',
          data: points.map((p) => (p ? p.interval.upper - p.interval.lower : null)),
          stack: 'band',
          stackStrategy: 'all',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          areaStyle: { color: CHART_COLORS[0], opacity: 0.18 },
          itemStyle: { color: CHART_COLORS[0] },
          silent: true,
        },
        {
          name: s.estimate,
          type: 'line',
          data: points.map((p) => p?.estimate ?? null),
          itemStyle: { color: CHART_COLORS[0] },
          markLine: {
            silent: true,
            symbol: 'none',
            label: { show: false },
            lineStyle: { color: '#5a6472', type: 'dashed' },
            data: [{ yAxis: 0 }],
          },
        },
      ],
    }
  }, [report, pick, unit, f, s, format])
  return <Chart option={option} label={label} />
}

/**
 * The promotion dilemma: of the discount paid, the part that went to customers who would have ordered
 * without it (estimated from the holdout's rate) and the part that bought orders; beside it what the
 * messages cost and the incremental profit after both.
 */
export function DilemmaChart({ report }: { report: CampaignReport }) {
  const s = useStrings(strings)
  const format = useUnitFormat()
  const money = report.overall.analysis.money
  const wasted = money.promotionDilemma?.discount ?? 0
  const option = useMemo<ChartOption>(() => {
    const show = (n: number) => format(n, 'money', report.currency)
    return {
      tooltip: { trigger: 'item', valueFormatter: (v) => (typeof v === 'number' ? show(v) : '—') },
      legend: { top: 0 },
      grid: { ...GRID, left: 96 },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => show(v) } },
      yAxis: { type: 'category', data: [s.discountPaid, s.messageCost, s.profit] },
      series: [
        {
          name: s.toSureThings,
          type: 'bar',
          stack: 'money',
          data: [wasted, null, null],
          itemStyle: { color: CHART_COLORS[1] },
        },
        {
          name: s.toTheRest,
          type: 'bar',
          stack: 'money',
          data: [money.discountCost - wasted, null, null],
          itemStyle: { color: CHART_COLORS[0] },
        },
        {
          name: s.messageCost,
          type: 'bar',
          stack: 'money',
          data: [null, money.messageCost, null],
          itemStyle: { color: CHART_COLORS[5] },
        },
        {
          name: s.profit,
          type: 'bar',
          stack: 'money',
          data: [null, null, money.incrementalProfit?.estimate ?? null],
          itemStyle: { color: CHART_COLORS[2] },
        },
      ],
    }
  }, [report, money, wasted, s, format])
  return <Chart option={option} label={s.dilemmaChart} height={200} />
}

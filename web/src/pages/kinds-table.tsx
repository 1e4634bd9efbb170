import type { RadarKindSummary, RadarSummary } from '../api'
import { useFormat } from '../format'
import { useLocale } from '../i18n'
import { type Column, Table, weekStarts } from './common'

/**
 * The radar's figures per kind of missed customer: the headline columns on the Overview, with `detail` every
 * state's count and the weekly trend (the `weeks` the summary was asked for) on the Radar.
 */
export function KindsTable({ summary, detail }: { summary: RadarSummary; detail?: { weeks: number } }) {
  const { t } = useLocale()
  const f = useFormat()
  const count = f.count
  const number = 'number'
  const columns: Column<RadarKindSummary>[] = [
    { label: t.kind, cell: (k) => t.kinds[k.kind] ?? k.kind, rowHeader: true },
    { label: t.open, cell: (k) => count(k.open), className: number },
    ...(detail
      ? [
          { label: t.contacted, cell: (k: RadarKindSummary) => count(k.contacted), className: number },
          { label: t.wonBack, cell: (k: RadarKindSummary) => count(k.wonBack), className: number },
          { label: t.lapsed, cell: (k: RadarKindSummary) => count(k.lapsed), className: number },
        ]
      : []),
    { label: t.valueAtStake, cell: (k) => f.moneyList(k.valueAtStake), className: number },
    { label: t.wonBackRate, cell: (k) => f.percent(k.wonBackRate), className: number },
  ]
  if (detail) {
    const weeks = weekStarts(summary.asOf, detail.weeks)
    columns.push({
      label: t.weeklyTrend,
      cell: (k) => weeks.map((week) => k.trend.find((w) => w.week === week)?.raised ?? 0).join(' · '),
      className: 'trend',
    })
  }
  return <Table columns={columns} rows={summary.kinds} rowKey={(k) => k.kind} />
}

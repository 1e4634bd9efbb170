import { useMemo } from 'react'
import type { RadarSummary } from '../api'
import { Chart } from '../chart'
import { useFormat } from '../format'
import { useLocale } from '../i18n'
import { weekStarts } from './common'

/** Missed customers raised and won back per week, over every kind: bars for raised, a line for won back. */
export function WeeklyTrendChart({ summary, weeks }: { summary: RadarSummary; weeks: number }) {
  const { t } = useLocale()
  const f = useFormat()
  const option = useMemo(() => {
    const starts = weekStarts(summary.asOf, weeks)
    const total = (week: string, pick: 'raised' | 'wonBack') =>
      summary.kinds.reduce((sum, k) => sum + (k.trend.find((w) => w.week === week)?.[pick] ?? 0), 0)
    return {
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category' as const, data: starts.map((week) => f.date(`${week}T12:00:00Z`)) },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        { name: t.raised, type: 'bar' as const, data: starts.map((w) => total(w, 'raised')) },
        { name: t.wonBack, type: 'line' as const, data: starts.map((w) => total(w, 'wonBack')) },
      ],
    }
  }, [summary, weeks, f, t])
  return <Chart option={option} label={t.weeklyChart} />
}

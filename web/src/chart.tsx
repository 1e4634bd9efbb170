/**
 * Charts drawn by Apache ECharts (only the parts the dashboard uses, so each page's chunk stays small),
 * with the SVG renderer: crisp at any zoom, in screenshots and in print. A chart is an image to a screen
 * reader with the `label` it is given; a page puts the figures it draws in a table beside it.
 */
import {
  BarChart,
  type BarSeriesOption,
  GraphChart,
  type GraphSeriesOption,
  LineChart,
  type LineSeriesOption,
} from 'echarts/charts'
import {
  DatasetComponent,
  type DatasetComponentOption,
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkLineComponent,
  type MarkLineComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components'
import { type ComposeOption, type EChartsType, init, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

use([
  BarChart,
  LineChart,
  GraphChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  SVGRenderer,
])

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GraphSeriesOption
  | DatasetComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>

/** The palette of the dashboard's styles.css (treatment, holdout, then the others). */
export const CHART_COLORS = ['#1f5fbf', '#b3541e', '#2e7d4f', '#7a4fb5', '#8a6d00', '#5a6472']

export function Chart({
  option,
  label,
  height = 260,
}: {
  option: ChartOption
  label: string
  height?: number
}) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<EChartsType | null>(null)
  useEffect(() => {
    const node = element.current
    if (!node) return
    const drawn = init(node, null, { renderer: 'svg' })
    chart.current = drawn
    const resize = new ResizeObserver(() => drawn.resize())
    resize.observe(node)
    return () => {
      resize.disconnect()
      drawn.dispose()
      chart.current = null
    }
  }, [])
  useEffect(() => {
    // Animation off: the figures are read, not watched, and screenshots and tests see the final chart.
    // ECharts' HTML tooltip sets inline styles, which the page's Content-Security-Policy refuses: the
    // tooltip is drawn inside the SVG instead.
    const tooltip =
      option.tooltip && !Array.isArray(option.tooltip)
        ? { renderMode: 'richText' as const, ...option.tooltip }
        : option.tooltip
    chart.current?.setOption(
      { color: CHART_COLORS, animation: false, ...option, tooltip },
      { notMerge: true },
    )
  }, [option])
  return <div ref={element} className="chart" role="img" aria-label={label} style={{ height }} />
}

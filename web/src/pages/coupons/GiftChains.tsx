import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { getInstanceByDom } from 'echarts/core'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Chart, type ChartOption } from '../../chart'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Link, navigate } from '../../router'
import { Loaded, Table } from '../common'
import { couponsApi, type Gift } from './api'
import { chainLayout, receiverOf } from './chain-layout'
import { strings } from './strings'

/** The shop's latest gifts drawn as chains (giver → receiver), and listed in a table beside. */
export function GiftChains({ onShowLedger }: { onShowLedger: (couponId: string) => void }) {
  const s = useStrings(strings)
  const f = useFormat()
  // Earlier pages' cursors are kept, so going back to the newest needs no offset.
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
  const gifts = useQuery({
    queryKey: ['gifts', 'page', cursor],
    queryFn: () => couponsApi.gifts(cursor),
    placeholderData: keepPreviousData,
  })
  return (
    <section aria-labelledby="coupon-chains">
      <h2 id="coupon-chains">{s.chains}</h2>
      <Loaded query={gifts}>
        {({ gifts: list, next }) =>
          list.length === 0 ? (
            <p>{s.noGifts}</p>
          ) : (
            <>
              <p className="note">{s.chainsNote(list.length)}</p>
              <div className="chains">
                <ChainGraph gifts={list} />
                <div className="chain-table">
                  <Table
                    caption={s.chainCaption}
                    rows={list}
                    rowKey={(g) => g.id}
                    columns={[
                      { label: s.sent, cell: (g) => f.date(g.createdAt) },
                      { label: s.giver, cell: (g) => <CustomerLink id={g.giverId} /> },
                      {
                        label: s.receiver,
                        cell: (g) => {
                          const receiver = receiverOf(g)
                          return receiver ? <CustomerLink id={receiver} /> : (g.sentTo ?? s.claimLink)
                        },
                      },
                      { label: s.state, cell: (g) => s.giftStates[g.state] ?? g.state },
                      { label: s.hop, cell: (g) => f.count(g.hop), className: 'number' },
                      {
                        label: s.coupon,
                        cell: (g) => (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => onShowLedger(g.couponId)}
                          >
                            <code>{g.couponId}</code>
                          </button>
                        ),
                      },
                    ]}
                  />
                </div>
              </div>
              <div className="pager">
                <button type="button" disabled={cursors.length === 0} onClick={() => setCursors([])}>
                  {s.newestGifts}
                </button>
                <button type="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
                  {s.olderGifts}
                </button>
              </div>
            </>
          )
        }
      </Loaded>
    </section>
  )
}

function CustomerLink({ id }: { id: string }) {
  return <Link to={{ page: 'customer', id }}>{id}</Link>
}

const ROW = 44

function ChainGraph({ gifts }: { gifts: Gift[] }) {
  const s = useStrings(strings)
  const box = useRef<HTMLDivElement>(null)
  const layout = useMemo(() => chainLayout(gifts), [gifts])
  const tallest = Math.max(1, ...layout.nodes.map((n) => n.row + 1))
  const deepest = Math.max(0, ...layout.nodes.map((n) => n.depth))
  // On a hidden grid with fixed ranges: a view fitted to the nodes would stretch a chain that is one row tall.
  const option = useMemo<ChartOption>(
    () => ({
      // In the drawing, not as HTML: the HTML tooltip sets style attributes the page's CSP refuses.
      tooltip: { renderMode: 'richText' },
      grid: { left: 50, right: 50, top: 24, bottom: 24 },
      xAxis: { type: 'value', show: false, min: -0.3, max: Math.max(1, deepest) + 0.3 },
      yAxis: { type: 'value', show: false, inverse: true, min: -0.5, max: tallest - 0.5 },
      series: [
        {
          type: 'graph',
          coordinateSystem: 'cartesian2d',
          symbolSize: 16,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 9,
          label: { show: layout.nodes.length <= 40, position: 'bottom', fontSize: 11 },
          lineStyle: { color: '#5a6472', width: 1.5, curveness: 0.1 },
          data: layout.nodes.map((n) => ({ id: n.id, name: n.id, value: [n.depth, n.row] })),
          links: layout.edges,
        },
      ],
    }),
    [layout, deepest, tallest],
  )
  // A node opens its customer; the table beside has the same as links, for the keyboard and screen readers.
  useEffect(() => {
    const node = box.current?.querySelector<HTMLDivElement>('.chart')
    const chart = node ? getInstanceByDom(node) : undefined
    if (!chart) return
    const open = (params: { dataType?: string; name?: string }) => {
      if (params.dataType === 'node' && params.name) navigate({ page: 'customer', id: params.name })
    }
    chart.on('click', open)
    return () => {
      chart.off('click', open)
    }
  }, [])
  return (
    <div ref={box} className="chain-graph">
      <Chart option={option} label={s.chainChart} height={Math.min(600, Math.max(220, tallest * ROW + 80))} />
    </div>
  )
}

import { useQuery } from '@tanstack/react-query'
import { getInstanceByDom } from 'echarts/core'
import { useEffect, useMemo, useRef } from 'react'
import { Chart, type ChartOption } from '../../chart'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Link, navigate } from '../../router'
import { Loaded, Table } from '../common'
import { couponsApi, GIFTS_DRAWN, type Gift } from './api'
import { chainLayout, receiverOf } from './chain-layout'
import { strings } from './strings'

/** The shop's latest gifts drawn as chains (giver → receiver), and listed in a table beside. */
export function GiftChains({ onShowLedger }: { onShowLedger: (couponId: string) => void }) {
  const s = useStrings(strings)
  const f = useFormat()
  const gifts = useQuery({ queryKey: ['gifts', 'latest'], queryFn: couponsApi.gifts })
  return (
    <section aria-labelledby="coupon-chains">
      <h2 id="coupon-chains">{s.chains}</h2>
      <Loaded query={gifts}>
        {({ gifts: list }) =>
          list.length === 0 ? (
            <p>{s.noGifts}</p>
          ) : (
            <>
              <p className="note">{s.chainsNote(Math.min(list.length, GIFTS_DRAWN))}</p>
              <div className="chains">
                <ChainGraph gifts={list} />
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
                      cell: (g: Gift) => (
                        <button
                          type="button"
                          className="link-button"
                          aria-label={s.showLedger(g.couponId)}
                          onClick={() => onShowLedger(g.couponId)}
                        >
                          {s.ledger}
                        </button>
                      ),
                    },
                  ]}
                />
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

const COLUMN = 160
const ROW = 44

function ChainGraph({ gifts }: { gifts: Gift[] }) {
  const s = useStrings(strings)
  const box = useRef<HTMLDivElement>(null)
  const layout = useMemo(() => chainLayout(gifts), [gifts])
  const tallest = Math.max(1, ...layout.nodes.map((n) => n.row + 1))
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {},
      series: [
        {
          type: 'graph',
          layout: 'none',
          left: 60,
          right: 60,
          top: 30,
          bottom: 30,
          symbolSize: 16,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 9,
          label: { show: layout.nodes.length <= 40, position: 'bottom', fontSize: 11 },
          lineStyle: { color: '#5a6472', width: 1.5, curveness: 0.1 },
          data: layout.nodes.map((n) => ({ id: n.id, name: n.id, x: n.depth * COLUMN, y: n.row * ROW })),
          links: layout.edges,
        },
      ],
    }),
    [layout],
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

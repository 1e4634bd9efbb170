import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import { Link, type Route } from '../../router'
import { Figure, Loaded, Table } from '../common'
import { PageHeading } from '../heading'
import { SHIPMENT_STATUSES, type Shipment, type ShippingOverview, shippingApi, type WismoFigure } from './api'
import { strings } from './strings'

const RECENT = 50

export default function Shipments(_: { route: Route }) {
  const { t } = useLocale()
  const overview = useQuery({ queryKey: ['shipping-overview'], queryFn: shippingApi.overview })
  const wismo = useQuery({ queryKey: ['shipping-wismo'], queryFn: shippingApi.wismo })
  return (
    <>
      <PageHeading title={t.pages.shipments} />
      <Loaded query={overview}>{(o) => <Board overview={o} />}</Loaded>
      <Loaded query={wismo}>{(w) => <Wismo figure={w} />}</Loaded>
      <Recent />
    </>
  )
}

function Board({ overview }: { overview: ShippingOverview }) {
  const s = useStrings(strings)
  const f = useFormat()
  const p = overview.promises
  return (
    <>
      <section aria-labelledby="shipping-board">
        <h2 id="shipping-board">{s.board}</h2>
        <dl className="figures">
          {SHIPMENT_STATUSES.filter((status) => overview.byStatus[status]).map((status) => (
            <Figure key={status} label={s.statuses[status]} value={f.count(overview.byStatus[status] ?? 0)} />
          ))}
          <Figure label={s.waiting} value={f.count(overview.unmatched)} />
        </dl>
      </section>
      <section aria-labelledby="shipping-delays">
        <h2 id="shipping-delays">{s.delays}</h2>
        {overview.delayed.length === 0 ? (
          <p>{s.noDelays}</p>
        ) : (
          <Table
            rows={overview.delayed}
            rowKey={(d) => d.shipmentId}
            columns={[
              { label: s.order, cell: (d) => d.orderId, rowHeader: true },
              { label: s.customer, cell: (d) => <CustomerLink shipment={d} /> },
              { label: s.carrier, cell: (d) => d.carrier ?? '' },
              { label: s.status, cell: (d) => s.statuses[d.status] },
              { label: s.lastScan, cell: (d) => f.dateTime(d.lastScanAt) },
              { label: s.reason, cell: (d) => s.reasons[d.reason], className: 'prose' },
              { label: s.promise, cell: (d) => (d.promise ? f.date(d.promise.promiseAt) : '') },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="shipping-promises">
        <h2 id="shipping-promises">{s.promises}</h2>
        <dl className="figures">
          <Figure label={s.delivered} value={f.count(p.delivered)} />
          <Figure label={s.promised} value={f.count(p.promised)} />
          <Figure label={s.met} value={f.percent(p.metShare)} />
          <Figure label={s.inRange} value={f.percent(p.inRangeShare)} />
          <Figure label={s.daysEarly} value={p.meanDaysEarly === null ? '–' : p.meanDaysEarly.toFixed(1)} />
        </dl>
      </section>
    </>
  )
}

function CustomerLink({ shipment }: { shipment: Shipment }) {
  return shipment.customerId ? (
    <Link to={{ page: 'customer', id: shipment.customerId }}>{shipment.customerId}</Link>
  ) : (
    <>–</>
  )
}

function Wismo({ figure }: { figure: WismoFigure }) {
  const s = useStrings(strings)
  const f = useFormat()
  const per100 = (n: number | null) => (n === null ? '–' : n.toFixed(1))
  const d = figure.difference
  return (
    <section aria-labelledby="shipping-wismo">
      <h2 id="shipping-wismo">{s.wismo}</h2>
      <p>{s.wismoIntro}</p>
      <p className="prose" id="wismo-difference">
        {d ? s.difference(d.per100.toFixed(1), d.lower.toFixed(1), d.upper.toFixed(1)) : figure.reason}
      </p>
      {figure.weeks.length > 0 && (
        <Table
          rows={figure.weeks}
          rowKey={(w) => w.week}
          columns={[
            { label: s.week, cell: (w) => f.date(w.week), rowHeader: true },
            {
              label: `${s.updated}: ${s.shipments}`,
              cell: (w) => f.count(w.updated.shipments),
              className: 'number',
            },
            {
              label: `${s.updated}: ${s.per100}`,
              cell: (w) => per100(w.updated.per100),
              className: 'number',
            },
            {
              label: `${s.holdout}: ${s.shipments}`,
              cell: (w) => f.count(w.holdout.shipments),
              className: 'number',
            },
            {
              label: `${s.holdout}: ${s.per100}`,
              cell: (w) => per100(w.holdout.per100),
              className: 'number',
            },
          ]}
        />
      )}
    </section>
  )
}

function Recent() {
  const s = useStrings(strings)
  const f = useFormat()
  const [status, setStatus] = useState('')
  const page = useQuery({
    queryKey: ['shipments', status],
    queryFn: () => shippingApi.shipments({ status: status || undefined, limit: RECENT }),
    placeholderData: keepPreviousData,
  })
  return (
    <section aria-labelledby="shipping-recent">
      <h2 id="shipping-recent">{s.recent}</h2>
      <label>
        {s.status}{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{s.allStatuses}</option>
          {SHIPMENT_STATUSES.map((st) => (
            <option key={st} value={st}>
              {s.statuses[st]}
            </option>
          ))}
        </select>
      </label>
      <Loaded query={page}>
        {(p) => (
          <Table
            rows={p.shipments}
            rowKey={(x) => x.shipmentId}
            columns={[
              { label: s.order, cell: (x) => x.orderId, rowHeader: true },
              { label: s.customer, cell: (x) => <CustomerLink shipment={x} /> },
              { label: s.carrier, cell: (x) => x.carrier ?? '' },
              { label: s.status, cell: (x) => s.statuses[x.status] },
              { label: s.lastScan, cell: (x) => f.dateTime(x.lastScanAt) },
            ]}
          />
        )}
      </Loaded>
    </section>
  )
}

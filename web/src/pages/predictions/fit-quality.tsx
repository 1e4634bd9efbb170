import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Table } from '../common'
import type { FitQuality as Quality } from './api'
import { strings } from './strings'

/**
 * How well the fit in use forecast the shop's own last months: the same fit on the history before them,
 * its orders forecast against those that came (and the naive rate's, to beat), and its P(alive) tenths'
 * share forecast to buy against the share that did: a well-calibrated fit's two shares climb together.
 */
export function FitQuality({ quality, currency }: { quality: Quality; currency: string | null }) {
  const s = useStrings(strings)
  const f = useFormat()
  if (quality.status === 'refused')
    return (
      <>
        <h3>{s.qualityHeading}</h3>
        <p>{s.qualityRefused(quality.reason)}</p>
      </>
    )
  const c = quality.check
  const money = (amount: number) => f.money({ currency, amount })
  const forecasts = [
    { key: 'model', label: s.model, predicted: c.predicted, error: c.maePerCustomer },
    { key: 'naive', label: s.naive, predicted: c.naivePredicted, error: c.naiveMae },
  ]
  return (
    <>
      <h3>{s.qualityHeading}</h3>
      <p>
        {s.qualityIntro(f.calendarDay(quality.calibrationEnd), quality.holdoutDays, f.count(c.customers))}
      </p>
      <Table
        caption={s.holdoutCaption}
        rows={forecasts}
        rowKey={(r) => r.key}
        columns={[
          { label: s.forecast, cell: (r) => r.label, rowHeader: true },
          { label: s.ordersPredicted, cell: (r) => f.number(r.predicted, 1), className: 'number' },
          { label: s.ordersActual, cell: () => f.count(c.actual), className: 'number' },
          { label: s.meanError, cell: (r) => f.number(r.error, 2), className: 'number' },
        ]}
      />
      {c.orderValue && <p>{s.orderValue(money(c.orderValue.predicted), money(c.orderValue.actual))}</p>}
      <p>{s.decilesIntro}</p>
      <Table
        caption={s.decilesCaption}
        rows={c.pAliveDeciles}
        rowKey={(d) => String(d.decile)}
        columns={[
          { label: s.decile, cell: (d) => f.count(d.decile), rowHeader: true },
          { label: s.customers, cell: (d) => f.count(d.customers), className: 'number' },
          { label: s.meanPAlive, cell: (d) => f.percent(d.meanPAlive), className: 'number' },
          { label: s.predictedShare, cell: (d) => f.percent(d.predictedShareBuying), className: 'number' },
          { label: s.actualShare, cell: (d) => f.percent(d.actualShareBuying), className: 'number' },
        ]}
      />
    </>
  )
}

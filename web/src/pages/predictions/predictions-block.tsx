import './predictions.css'
import { useQuery } from '@tanstack/react-query'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { useSession } from '../../session'
import { Figure, Loaded } from '../common'
import { type Fit, PREDICTIONS_KEY, type PredictionsOverview, predictionsApi } from './api'
import { FitQuality } from './fit-quality'
import { RefitButton } from './refit-button'
import { strings } from './strings'

/**
 * The Overview's predictions: what all customers are worth over the next 12 months and what is at churn
 * risk, by the fit in use, and how well that fit forecast the shop's last months. When the newest fit made
 * no predictions (a thin history, no convergence), its reason, so the marketer knows why.
 */
export function PredictionsBlock() {
  const s = useStrings(strings)
  const overview = useQuery({ queryKey: PREDICTIONS_KEY, queryFn: predictionsApi.overview })
  return (
    <section aria-labelledby="predictions" className="predictions">
      <h2 id="predictions">{s.heading}</h2>
      <Loaded query={overview}>{(o) => <Predictions overview={o} />}</Loaded>
    </section>
  )
}

function Predictions({ overview: { latest, current, totals } }: { overview: PredictionsOverview }) {
  const s = useStrings(strings)
  const f = useFormat()
  const { can } = useSession()
  return (
    <>
      {latest && latest.status !== 'ok' && (
        <p className="notice">
          {s.latestFailed(f.dateTime(latest.fittedAt), latest.reason ?? latest.status)}
          {current && ` ${s.olderInUse(f.dateTime(current.fittedAt))}`}
        </p>
      )}
      {!latest && <p>{s.noFit}</p>}
      {current && <Totals fit={current} totals={totals} />}
      {can('marketer') && <RefitButton />}
      {current?.quality && <FitQuality quality={current.quality} currency={current.currency} />}
    </>
  )
}

function Totals({ fit, totals: t }: { fit: Fit; totals: PredictionsOverview['totals'] }) {
  const s = useStrings(strings)
  const f = useFormat()
  const money = (amount: number) => f.money({ currency: fit.currency, amount })
  return (
    <>
      <dl className="figures">
        <Figure label={s.allPredictedValue} value={money(t.predictedValue12m)} />
        <Figure label={s.valueAtRisk} value={money(t.valueAtRisk)} />
        <Figure label={s.atRisk} value={f.count(t.atRisk)} />
        <Figure label={s.allExpectedOrders90d} value={f.number(t.expectedOrders90d, 1)} />
        <Figure
          label={s.likelyActive}
          value={f.percent(t.customers === 0 ? null : t.likelyActive / t.customers)}
        />
      </dl>
      <p>{s.fitFacts(f.dateTime(fit.fittedAt), f.count(fit.customers), f.count(fit.repeatBuyers))}</p>
    </>
  )
}

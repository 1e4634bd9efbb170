import type { ReactNode } from 'react'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import { strings } from '../predictions/strings'
import type { CustomerPrediction } from './api'
import { Facts } from './facts'
import { Section } from './section'

/**
 * What the fit in use predicts of the customer: first the sentence that explains it in the reader's
 * language, then whether they are at churn risk, the figures behind it, and the fit they come from.
 */
export function PredictionsSection({ predictions: p }: { predictions: CustomerPrediction | null }) {
  const { locale } = useLocale()
  const s = useStrings(strings)
  const f = useFormat()
  if (!p)
    return (
      <Section title={s.customerHeading}>
        <p>{s.noCustomerPredictions}</p>
      </Section>
    )
  const money = (amount: number | null) => (amount === null ? '—' : f.money({ currency: p.currency, amount }))
  const facts: [string, ReactNode][] = [
    [s.pAlive, f.percent(p.pAlive)],
    [s.expectedOrders90d, f.number(p.expectedOrders90d)],
    [s.expectedOrders365d, f.number(p.expectedOrders365d)],
    [s.expectedOrderValue, money(p.expectedOrderValue)],
    [s.predictedValue12m, money(p.predictedValue12m)],
    [s.valueIfActive12m, money(p.valueIfActive12m)],
    [s.nextOrderOn, p.nextOrderOn ? f.calendarDay(p.nextOrderOn) : s.notWithinYear],
  ]
  return (
    <Section title={s.customerHeading}>
      <p className="prediction-explanation">{p.explanation[locale]}</p>
      {p.atRiskSince && <p className="at-risk">{s.atRiskSince(f.date(p.atRiskSince))}</p>}
      <Facts facts={facts} />
      <p className="prediction-fit">{s.fittedOn(f.dateTime(p.fittedAt))}</p>
    </Section>
  )
}

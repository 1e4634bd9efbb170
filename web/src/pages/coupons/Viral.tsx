import { useQuery } from '@tanstack/react-query'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Figure, Loaded } from '../common'
import { couponsApi } from './api'
import { strings } from './strings'

/** How gifting spreads over the last 12 months (GET /gifts/figures). */
export function Viral() {
  const s = useStrings(strings)
  const f = useFormat()
  const viral = useQuery({ queryKey: ['gifts', 'figures'], queryFn: couponsApi.viral })
  return (
    <section aria-labelledby="coupon-viral">
      <h2 id="coupon-viral">{s.viral}</h2>
      <Loaded query={viral}>
        {({ from, to, total }) => (
          <>
            <p className="note">{s.viralWindow(f.date(from), f.date(to))}</p>
            <dl className="figures">
              <Figure label={s.giftsSent} value={f.count(total.giftsSent)} />
              <Figure label={s.claimed} value={f.count(total.claimed)} />
              <Figure label={s.pending} value={f.count(total.pending)} />
              <Figure label={s.givers} value={f.count(total.givers)} />
              <Figure label={s.signUps} value={f.count(total.signUps)} />
              <Figure label={s.kFactor} value={total.kFactor === null ? '—' : f.number(total.kFactor)} />
              <Figure label={s.giftedOrders} value={f.count(total.giftedOrders)} />
              <Figure label={s.revenue} value={f.moneyList(total.revenue)} />
              <Figure label={s.discountGiven} value={f.moneyList(total.discount)} />
            </dl>
          </>
        )}
      </Loaded>
    </section>
  )
}

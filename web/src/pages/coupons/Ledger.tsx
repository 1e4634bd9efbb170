import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { ApiError } from '../../api'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Link } from '../../router'
import { Loaded, Table } from '../common'
import { type Coupon, couponsApi } from './api'
import { discountText } from './discount'
import { strings } from './strings'

/** A coupon found by code or id, with every change its ledger holds; the audit on demand (it reads all). */
export function Ledger({ lookup, onLookup }: { lookup: string; onLookup: (idOrCode: string) => void }) {
  const s = useStrings(strings)
  const inputId = useId()
  const [draft, setDraft] = useState(lookup)
  const result = useRef<HTMLDivElement>(null)
  useEffect(() => {
    setDraft(lookup)
    if (lookup) result.current?.focus()
  }, [lookup])
  const coupon = useQuery({
    queryKey: ['coupon', lookup],
    queryFn: () => couponsApi.coupon(lookup),
    enabled: lookup !== '',
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onLookup(draft.trim())
  }
  return (
    <section aria-labelledby="coupon-ledger">
      <h2 id="coupon-ledger">{s.ledger}</h2>
      <form className="filters" onSubmit={submit}>
        <label htmlFor={inputId}>{s.lookup}</label>{' '}
        <input id={inputId} value={draft} onChange={(e) => setDraft(e.target.value)} />{' '}
        <button type="submit">{s.show}</button>
      </form>
      <div ref={result} tabIndex={-1} className="ledger-result" aria-live="polite">
        {lookup &&
          (coupon.error instanceof ApiError && coupon.error.status === 404 ? (
            <p role="alert">{s.notFound(lookup)}</p>
          ) : (
            <Loaded query={coupon}>{(c) => <CouponLedger {...c} />}</Loaded>
          ))}
      </div>
    </section>
  )
}

function CouponLedger({ coupon, ledger }: Awaited<ReturnType<typeof couponsApi.coupon>>) {
  const s = useStrings(strings)
  const f = useFormat()
  const state = (v: string | null) => (v === null ? '—' : (s.couponStates[v] ?? v))
  return (
    <>
      <dl className="figures">
        <div className="figure">
          <dt>{s.coupon}</dt>
          <dd>
            <code>{coupon.code}</code>
          </dd>
        </div>
        <div className="figure">
          <dt>{s.state}</dt>
          <dd>{state(coupon.state)}</dd>
        </div>
        <div className="figure">
          <dt>{s.owner}</dt>
          <dd>
            <Link to={{ page: 'customer', id: coupon.ownerId }}>{coupon.ownerId}</Link>
          </dd>
        </div>
        <div className="figure">
          <dt>{s.discount}</dt>
          <dd>{discountText(coupon.discount, s, f)}</dd>
        </div>
        <div className="figure">
          <dt>{s.expires}</dt>
          <dd>{f.date(coupon.expiresAt)}</dd>
        </div>
      </dl>
      <Table
        caption={s.ledgerCaption(coupon.code)}
        rows={ledger}
        rowKey={(e) => String(e.id)}
        columns={[
          { label: s.when, cell: (e) => f.dateTime(e.at) },
          { label: s.event, cell: (e) => s.actions_[e.action] ?? e.action, rowHeader: true },
          { label: s.stateChange, cell: (e) => `${state(e.fromState)} → ${state(e.toState)}` },
          {
            label: s.ownerChange,
            cell: (e) =>
              e.ownerBefore && e.ownerBefore !== e.ownerAfter
                ? `${e.ownerBefore} → ${e.ownerAfter}`
                : e.ownerAfter,
          },
          { label: s.order, cell: (e) => e.orderId ?? '' },
          { label: s.by, cell: (e) => e.actor },
        ]}
      />
      <Audit coupon={coupon} />
    </>
  )
}

function Audit({ coupon }: { coupon: Coupon }) {
  const s = useStrings(strings)
  const f = useFormat()
  const audit = useMutation({ mutationFn: couponsApi.audit })
  const mine = audit.data?.violations.filter((v) => v.couponId === coupon.id) ?? []
  return (
    <div className="audit">
      <button type="button" disabled={audit.isPending} onClick={() => audit.mutate()}>
        {audit.isPending ? s.auditing : s.audit}
      </button>
      <div role="status">
        {audit.data && (
          <>
            <p>{s.auditResult(f.count(audit.data.coupons), f.count(audit.data.ledgerRows))}</p>
            {mine.length === 0 ? (
              <p>{s.auditClean}</p>
            ) : (
              <>
                <p>{s.auditProblems}</p>
                <ul>
                  {mine.map((v) => (
                    <li key={v.problem}>{v.problem}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
        {audit.isError && <p className="error">{audit.error.message}</p>}
      </div>
    </div>
  )
}

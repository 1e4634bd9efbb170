import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { api, SIGNAL_STATES } from '../api'
import { useFormat } from '../format'
import { useLocale } from '../i18n'
import { Link } from '../router'
import { Loaded, Pager, Table, useCursorPages } from './common'
import { PageHeading } from './heading'
import { KindsTable } from './kinds-table'

const PAGE = 50
const WEEKS = 12

export default function Radar() {
  const { t } = useLocale()
  const summary = useQuery({ queryKey: ['radar-summary'], queryFn: () => api.radarSummary(WEEKS) })
  return (
    <>
      <PageHeading title={t.pages.radar} />
      <Loaded query={summary}>
        {(r) => (
          <section aria-labelledby="kinds">
            <h2 id="kinds">{t.atStake}</h2>
            <KindsTable summary={r} detail={{ weeks: WEEKS }} />
          </section>
        )}
      </Loaded>
      <Signals kinds={summary.data?.kinds.map((k) => k.kind) ?? []} />
    </>
  )
}

/** The signal list, paged by the server's cursor; earlier cursors are kept so Back needs no offset. */
function Signals({ kinds }: { kinds: string[] }) {
  const { t } = useLocale()
  const f = useFormat()
  const [kind, setKind] = useState('')
  const [state, setState] = useState('')
  const [since, setSince] = useState('')
  const pages = useCursorPages()
  const cursor = pages.cursor
  const filterId = useId()
  const page = useQuery({
    queryKey: ['signals', kind, state, since, cursor],
    queryFn: () =>
      api.signals({
        kind: kind || undefined,
        state: state || undefined,
        since: since ? new Date(`${since}T00:00:00`).toISOString() : undefined,
        cursor,
        limit: PAGE,
      }),
    placeholderData: keepPreviousData,
  })
  const refilter = (set: (value: string) => void) => (value: string) => {
    set(value)
    pages.first()
  }
  return (
    <section aria-labelledby="signals">
      <h2 id="signals">{t.signals}</h2>
      <fieldset className="filters" aria-labelledby={filterId}>
        <legend id={filterId} className="visually-hidden">
          {t.signals}
        </legend>
        <label>
          {t.kind}{' '}
          <select value={kind} onChange={(e) => refilter(setKind)(e.target.value)}>
            <option value="">{t.allKinds}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k] ?? k}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.state}{' '}
          <select value={state} onChange={(e) => refilter(setState)(e.target.value)}>
            <option value="">{t.allStates}</option>
            {SIGNAL_STATES.map((s) => (
              <option key={s} value={s}>
                {t.states[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.raisedSince}{' '}
          <input type="date" value={since} onChange={(e) => refilter(setSince)(e.target.value)} />
        </label>
      </fieldset>
      <Loaded query={page}>
        {(p) =>
          p.signals.length === 0 ? (
            <p>{t.noSignals}</p>
          ) : (
            <>
              <Table
                rows={p.signals}
                rowKey={(s) => String(s.id)}
                columns={[
                  { label: t.raised, cell: (s) => f.date(s.at) },
                  { label: t.kind, cell: (s) => t.kinds[s.kind] ?? s.kind },
                  {
                    label: t.customer,
                    cell: (s) => <Link to={{ page: 'customer', id: s.customerId }}>{s.customerId}</Link>,
                  },
                  { label: t.state, cell: (s) => t.states[s.state] ?? s.state },
                  {
                    label: t.valueAtStake,
                    cell: (s) => f.money({ currency: s.currency, amount: s.valueAtStake }),
                    className: 'number',
                  },
                ]}
              />
              <Pager pages={pages} next={p.next} />
            </>
          )
        }
      </Loaded>
    </section>
  )
}

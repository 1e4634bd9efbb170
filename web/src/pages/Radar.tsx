import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { api, SIGNAL_STATES } from '../api'
import { formatDate, formatMoney, formatMoneyList, formatPercent, useLocale } from '../i18n'
import { Loaded, weekStarts } from './common'

const PAGE = 50
const WEEKS = 12

export default function Radar() {
  const { t, locale } = useLocale()
  const summary = useQuery({ queryKey: ['radar-summary'], queryFn: () => api.radarSummary(WEEKS) })
  return (
    <>
      <Loaded query={summary}>
        {(r) => (
          <section aria-labelledby="kinds">
            <h2 id="kinds">{t.atStake}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.kind}</th>
                  <th scope="col">{t.open}</th>
                  <th scope="col">{t.contacted}</th>
                  <th scope="col">{t.wonBack}</th>
                  <th scope="col">{t.lapsed}</th>
                  <th scope="col">{t.valueAtStake}</th>
                  <th scope="col">{t.wonBackRate}</th>
                  <th scope="col">{t.weeklyTrend}</th>
                </tr>
              </thead>
              <tbody>
                {r.kinds.map((k) => (
                  <tr key={k.kind}>
                    <th scope="row">{t.kinds[k.kind] ?? k.kind}</th>
                    <td className="number">{k.open.toLocaleString(locale)}</td>
                    <td className="number">{k.contacted.toLocaleString(locale)}</td>
                    <td className="number">{k.wonBack.toLocaleString(locale)}</td>
                    <td className="number">{k.lapsed.toLocaleString(locale)}</td>
                    <td className="number">{formatMoneyList(locale, k.valueAtStake)}</td>
                    <td className="number">{formatPercent(locale, k.wonBackRate)}</td>
                    <td className="trend">
                      {weekStarts(r.asOf, WEEKS)
                        .map((week) => k.trend.find((w) => w.week === week)?.raised ?? 0)
                        .join(' · ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </Loaded>
      <Signals kinds={summary.data?.kinds.map((k) => k.kind) ?? []} />
    </>
  )
}

/** The signal list, paged by the server's cursor; earlier cursors are kept so Back needs no offset. */
function Signals({ kinds }: { kinds: string[] }) {
  const { t, locale } = useLocale()
  const [kind, setKind] = useState('')
  const [state, setState] = useState('')
  const [since, setSince] = useState('')
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
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
    setCursors([])
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
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.raised}</th>
                    <th scope="col">{t.kind}</th>
                    <th scope="col">{t.customer}</th>
                    <th scope="col">{t.state}</th>
                    <th scope="col">{t.valueAtStake}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.signals.map((s) => (
                    <tr key={s.id}>
                      <td>{formatDate(locale, s.at)}</td>
                      <td>{t.kinds[s.kind] ?? s.kind}</td>
                      <td>{s.customerId}</td>
                      <td>{t.states[s.state] ?? s.state}</td>
                      <td className="number">
                        {formatMoney(locale, { currency: s.currency, amount: s.valueAtStake })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="pager">
                <button type="button" disabled={cursors.length === 0} onClick={() => setCursors([])}>
                  {t.firstPage}
                </button>
                <button
                  type="button"
                  disabled={!p.next}
                  onClick={() => p.next && setCursors([...cursors, p.next])}
                >
                  {t.nextPage}
                </button>
              </div>
            </>
          )
        }
      </Loaded>
    </section>
  )
}

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Link } from '../../router'
import { Loaded, Table } from '../common'
import { type Campaign, campaignsApi, type Exposure } from './api'
import { strings } from './strings'

const PAGE = 50
/** The route's limit: past it, the customer filter finds anyone. */
const MOST = 1000
/** While the campaign runs its workers add exposures each round: the list follows them. */
export const LIVE_MS = 3000

/**
 * Who was exposed when, newest first, a page at a time (the server's limit grows by a page; the route has
 * no cursor) or for one customer.
 */
export function Exposures({ campaign }: { campaign: Campaign }) {
  const s = useStrings(strings)
  const f = useFormat()
  const [limit, setLimit] = useState(PAGE)
  const [typed, setTyped] = useState('')
  const [customer, setCustomer] = useState('')
  const exposures = useQuery({
    queryKey: ['campaigns', campaign.id, 'exposures', limit, customer],
    queryFn: () => campaignsApi.exposures(campaign.id, limit, customer || undefined),
    placeholderData: keepPreviousData,
    refetchInterval: campaign.state === 'active' ? LIVE_MS : false,
  })
  const filter = (event: FormEvent) => {
    event.preventDefault()
    setCustomer(typed.trim())
    setLimit(PAGE)
  }
  return (
    <section aria-labelledby="exposures">
      <h2 id="exposures">{s.exposures}</h2>
      <form className="filters" onSubmit={filter}>
        <label>
          {s.customerFilter} <input value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
        <button type="submit">{s.find}</button>
      </form>
      <Loaded query={exposures}>
        {({ exposures: rows }) =>
          rows.length === 0 ? (
            <p>{campaign.state === 'active' ? s.noExposuresYet : s.noExposures}</p>
          ) : (
            <>
              <Table<Exposure>
                caption={s.exposuresCaption(rows.length)}
                rows={rows}
                rowKey={(e) => `${e.customerId}:${e.step}:${e.at}:${e.outcome}`}
                columns={[
                  { label: s.at, cell: (e) => f.dateTime(e.at) },
                  {
                    label: s.customer,
                    rowHeader: true,
                    cell: (e) => <Link to={{ page: 'customer', id: e.customerId }}>{e.customerId}</Link>,
                  },
                  { label: s.arm, cell: (e) => s.arms[e.arm as keyof typeof s.arms] ?? e.arm },
                  { label: s.step, className: 'number', cell: (e) => e.step + 1 },
                  {
                    label: s.channel,
                    cell: (e) =>
                      e.channel ? (s.channels[e.channel as keyof typeof s.channels] ?? e.channel) : '—',
                  },
                  { label: s.outcome, cell: (e) => outcomeText(e, s) },
                ]}
              />
              {rows.length >= limit && limit < MOST && (
                <div className="pager">
                  <button type="button" onClick={() => setLimit(Math.min(MOST, limit + PAGE))}>
                    {s.showMore}
                  </button>
                </div>
              )}
            </>
          )
        }
      </Loaded>
    </section>
  )
}

function outcomeText(e: Exposure, s: (typeof strings)['en']): string {
  const [outcome = '', detail] = e.outcome.split(':')
  const label = s.outcomes[outcome as keyof typeof s.outcomes] ?? outcome
  const reason = detail ?? e.reason
  return reason ? `${label} (${s.reasons[reason as keyof typeof s.reasons] ?? reason})` : label
}

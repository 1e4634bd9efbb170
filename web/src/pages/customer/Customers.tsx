import './customer.css'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import { Link } from '../../router'
import { Loaded, Pager, Table, useCursorPages } from '../common'
import { PageHeading } from '../heading'
import { customerApi } from './api'
import { strings } from './strings'

const PAGE = 50

/** Finds a customer: the server searches and pages (newest seen first), the page shows one page of them. */
export default function Customers() {
  const { t } = useLocale()
  const s = useStrings(strings)
  const f = useFormat()
  const [typed, setTyped] = useState('')
  const [search, setSearch] = useState('')
  const pages = useCursorPages()
  const cursor = pages.cursor
  const searchId = useId()
  const page = useQuery({
    queryKey: ['customers', search, cursor],
    queryFn: () => customerApi.list(search, cursor, PAGE),
    placeholderData: keepPreviousData,
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setSearch(typed.trim())
    pages.first()
  }
  return (
    <>
      <PageHeading title={t.pages.customers} />
      <section aria-labelledby="customer-list" className="customer-list">
        <h2 id="customer-list" className="visually-hidden">
          {s.customersCaption}
        </h2>
        <form className="filters customer-search" onSubmit={submit}>
          <label htmlFor={searchId}>{s.search}</label>
          <input
            id={searchId}
            type="search"
            value={typed}
            maxLength={200}
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit">{s.searchButton}</button>
        </form>
        <Loaded query={page}>
          {(p) =>
            p.customers.length === 0 ? (
              <p>{s.noCustomers}</p>
            ) : (
              <>
                <Table
                  caption={s.customersCaption}
                  rows={p.customers}
                  rowKey={(c) => c.customerId}
                  columns={[
                    {
                      label: s.customerId,
                      rowHeader: true,
                      cell: (c) => <Link to={{ page: 'customer', id: c.customerId }}>{c.customerId}</Link>,
                    },
                    { label: s.name, cell: (c) => c.name ?? '' },
                    { label: t.email, cell: (c) => c.email ?? '' },
                    { label: s.member, cell: (c) => (c.isMember ? s.yes : s.no) },
                    { label: t.orders, cell: (c) => f.count(c.ordersCount), className: 'number' },
                    {
                      label: s.totalSpend,
                      cell: (c) => f.money({ currency: c.currency, amount: c.totalSpend }),
                      className: 'number',
                    },
                    { label: s.lastSeen, cell: (c) => f.dateTime(c.lastSeenAt) },
                  ]}
                />
                <Pager pages={pages} next={p.next} />
              </>
            )
          }
        </Loaded>
      </section>
    </>
  )
}

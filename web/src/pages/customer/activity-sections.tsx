import { useQuery } from '@tanstack/react-query'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import { Table } from '../common'
import { type CustomerDetail, customerApi } from './api'
import { Section } from './section'
import { label, strings } from './strings'

/** What the radar found about the customer, their orders, their open carts and their coupons. */
export function ActivitySections({ detail: d }: { detail: CustomerDetail }) {
  const { t } = useLocale()
  const s = useStrings(strings)
  const f = useFormat()
  const when = (iso: string | null) => (iso ? f.dateTime(iso) : '')
  const money = (amount: number | null, currency: string | null) =>
    amount === null ? '' : f.money({ currency, amount })
  // The template's name says what a coupon is for; a shop has a handful of templates, not thousands.
  const templates = useQuery({ queryKey: ['coupon-templates', 'all'], queryFn: customerApi.templates })
  const templateName = (templateId: string) =>
    templates.data?.templates.find((x) => x.id === templateId)?.name ?? templateId
  return (
    <>
      <Section title={t.signals} empty={d.signals.length === 0}>
        <Table
          rows={d.signals}
          rowKey={(x) => String(x.id)}
          columns={[
            { label: s.raised, cell: (x) => f.date(x.at) },
            { label: t.kind, cell: (x) => t.kinds[x.kind] ?? x.kind },
            { label: t.state, cell: (x) => t.states[x.state] ?? x.state },
            { label: t.valueAtStake, cell: (x) => money(x.valueAtStake, x.currency), className: 'number' },
          ]}
        />
      </Section>
      <Section title={t.orders} empty={d.orders.length === 0}>
        <Table
          rows={d.orders}
          rowKey={(o) => o.orderId}
          columns={[
            { label: s.order, rowHeader: true, cell: (o) => o.orderId },
            { label: s.status, cell: (o) => label(s.orderStatuses, o.status) },
            { label: s.total, cell: (o) => money(o.total, o.currency), className: 'number' },
            { label: s.discount, cell: (o) => money(o.discount, o.currency), className: 'number' },
            { label: s.coupon, cell: (o) => o.coupon ?? '' },
            { label: s.checkout, cell: (o) => when(o.checkoutAt) },
            { label: s.completed, cell: (o) => when(o.completedAt) },
            { label: s.closed, cell: (o) => when(o.cancelledAt ?? o.refundedAt) },
          ]}
        />
      </Section>
      <Section title={s.carts} empty={d.carts.length === 0}>
        <Table
          rows={d.carts}
          rowKey={(c) => c.cartId}
          columns={[
            { label: s.cart, rowHeader: true, cell: (c) => c.cartId },
            {
              label: s.items,
              className: 'prose',
              cell: (c) =>
                Object.values(c.items)
                  .map((i) => `${i.name ?? i.product_id} × ${f.count(i.quantity)}`)
                  .join(', '),
            },
            { label: s.value, cell: (c) => money(c.value, d.profile.currency), className: 'number' },
            { label: s.lastActivity, cell: (c) => when(c.lastActivityAt) },
          ]}
        />
      </Section>
      <Section title={s.coupons} empty={d.coupons.length === 0}>
        <Table
          rows={d.coupons}
          rowKey={(c) => c.id}
          columns={[
            { label: s.code, rowHeader: true, cell: (c) => <code>{c.code}</code> },
            { label: s.template, cell: (c) => templateName(c.templateId) },
            { label: t.state, cell: (c) => label(s.couponStates, c.state) },
            { label: s.expires, cell: (c) => f.date(c.expiresAt) },
          ]}
        />
      </Section>
    </>
  )
}

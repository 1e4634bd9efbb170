import { useQuery } from '@tanstack/react-query'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import { Link } from '../../router'
import { Loaded, Table } from '../common'
import { customerApi, type Gift } from './api'
import { Section } from './section'
import { label, strings } from './strings'

/** Coupons the customer gave and was given, newest first, each linking to the other member. */
export function GiftsSection({ id }: { id: string }) {
  const { t } = useLocale()
  const s = useStrings(strings)
  const f = useFormat()
  const gifts = useQuery({
    queryKey: ['customer-gifts', id],
    queryFn: async () => {
      const [sent, received] = await Promise.all([
        customerApi.gifts('giver', id),
        customerApi.gifts('receiver', id),
      ])
      const rows = [
        ...sent.gifts.map((gift) => ({ gift, sent: true })),
        ...received.gifts.map((gift) => ({ gift, sent: false })),
      ]
      return rows.sort((a, b) => b.gift.createdAt.localeCompare(a.gift.createdAt))
    },
  })
  const other = ({ gift, sent }: { gift: Gift; sent: boolean }) => {
    const party = sent ? gift.receiverId : gift.giverId
    if (party) return <Link to={{ page: 'customer', id: party }}>{party}</Link>
    return gift.sentTo ?? s.claimLink
  }
  return (
    <Section title={s.gifts}>
      <Loaded query={gifts}>
        {(rows) =>
          rows.length === 0 ? (
            <p>{s.none}</p>
          ) : (
            <Table
              rows={rows}
              rowKey={(r) => `${r.sent ? 'sent' : 'received'}-${r.gift.id}`}
              columns={[
                { label: s.sentAt, cell: (r) => f.dateTime(r.gift.createdAt) },
                { label: s.direction, cell: (r) => (r.sent ? s.giftsSent : s.giftsReceived) },
                { label: s.otherParty, cell: other },
                { label: s.coupon, cell: (r) => <code>{r.gift.couponId}</code> },
                { label: t.state, cell: (r) => label(s.giftStates, r.gift.state) },
              ]}
            />
          )
        }
      </Loaded>
    </Section>
  )
}

import type { ReactNode } from 'react'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import type { Profile } from './api'
import { Facts } from './facts'
import { Section } from './section'
import { strings } from './strings'

/** Who the customer is: the profile Reel keeps of them, and every trait they were identified with. */
export function ProfileSection({ profile: p }: { profile: Profile }) {
  const { t } = useLocale()
  const s = useStrings(strings)
  const f = useFormat()
  const when = (iso: string | null) => (iso ? f.dateTime(iso) : '—')
  const facts: [string, ReactNode][] = [
    [s.customerId, p.customerId],
    [s.kind, p.isMember ? s.memberKind : s.visitorKind],
    [t.email, p.email ?? '—'],
    [s.phone, p.phone ?? '—'],
    [s.firstSeen, when(p.firstSeenAt)],
    [s.lastSeen, when(p.lastSeenAt)],
    [s.signedUp, when(p.signedUpAt)],
    [s.lastSignIn, when(p.lastSignInAt)],
    [s.eventsCount, f.count(p.eventsCount)],
    [t.orders, f.count(p.ordersCount)],
    [s.totalSpend, f.money({ currency: p.currency, amount: p.totalSpend })],
    [s.firstOrder, when(p.firstOrderAt)],
    [s.lastOrder, when(p.lastOrderAt)],
  ]
  const traits = Object.entries(p.traits)
  return (
    <Section title={s.profile}>
      <Facts facts={facts} />
      <h3>{s.traits}</h3>
      {traits.length === 0 ? (
        <p>{s.noTraits}</p>
      ) : (
        <Facts
          facts={traits.map(([key, value]) => [
            key,
            typeof value === 'string' ? value : JSON.stringify(value),
          ])}
        />
      )}
    </Section>
  )
}

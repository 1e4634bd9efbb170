import './customer.css'
import { useQuery } from '@tanstack/react-query'
import { ApiError } from '../../api'
import { useLocale, useStrings } from '../../i18n'
import { Link, type Route } from '../../router'
import { Loaded } from '../common'
import { PageHeading } from '../heading'
import { ActivitySections } from './activity-sections'
import { customerApi } from './api'
import { ConsentSection } from './consent-section'
import { GiftsSection } from './gifts-section'
import { PredictionsSection } from './predictions-section'
import { ProfileSection } from './profile-section'
import { strings } from './strings'
import { TimelineSection } from './timeline-section'

/** One customer: who they are, what they let Reel send, and what they did and were sent. */
export default function Customer({ route }: { route: Route }) {
  const id = route.page === 'customer' ? route.id : ''
  const { t } = useLocale()
  const s = useStrings(strings)
  const detail = useQuery({ queryKey: ['customer', id], queryFn: () => customerApi.detail(id) })
  if (detail.error instanceof ApiError && detail.error.status === 404)
    return (
      <>
        <PageHeading title={s.notFoundTitle} />
        <section aria-labelledby="no-customer">
          <h2 id="no-customer" className="visually-hidden">
            {s.notFoundTitle}
          </h2>
          <p role="status">{s.notFound(id)}</p>
          <p>
            <Link to={{ page: 'customers' }}>{s.backToCustomers}</Link>
          </p>
        </section>
      </>
    )
  const name = detail.data && nameOf(detail.data.profile.traits)
  return (
    <>
      <PageHeading title={detail.data ? (name ? `${name} (${id})` : id) : t.pages.customer} />
      <Loaded query={detail}>
        {(d) => (
          <>
            <ProfileSection profile={d.profile} />
            <PredictionsSection predictions={d.predictions} />
            <ConsentSection id={id} />
            <ActivitySections detail={d} />
            <GiftsSection id={id} />
            <TimelineSection id={id} events={d.timeline} />
          </>
        )}
      </Loaded>
    </>
  )
}

/** The name the customer gave (as the server's lists read it: `name`, else the first name). */
function nameOf(traits: Record<string, unknown>): string | null {
  const name = traits.name ?? traits.first_name ?? traits.firstName
  return typeof name === 'string' && name.trim() ? name : null
}

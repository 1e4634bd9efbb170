import { useLocale } from '../../i18n'
import type { Route } from '../../router'
import { PageHeading } from '../heading'

// PLACEHOLDER: replaced by the page's own work before this lands.
export default function Outbox(_: { route: Route }) {
  const { t } = useLocale()
  return <PageHeading title={t.pages[_.route.page]} />
}

import './settings.css'
import { useQuery } from '@tanstack/react-query'
import { useLocale, useStrings } from '../../i18n'
import type { Route } from '../../router'
import { useSession } from '../../session'
import { Loaded } from '../common'
import { PageHeading } from '../heading'
import { settingsApi } from './api'
import { Connectors } from './Connectors'
import { Policy } from './Policy'
import { Setting } from './setting'
import { strings } from './strings'
import { Users } from './Users'
import { WriteKeys } from './WriteKeys'

export default function Settings(_: { route: Route }) {
  const { t } = useLocale()
  const s = useStrings(strings)
  const { can } = useSession()
  const settings = useQuery({ queryKey: ['settings'], queryFn: settingsApi.settings })
  return (
    <>
      <PageHeading title={t.pages.settings} />
      <section aria-labelledby="settings-shop">
        <h2 id="settings-shop">{s.shopHeading}</h2>
        <p className="notice">{s.fromEnvironment}</p>
        <Loaded query={settings}>
          {(v) => (
            <dl className="settings-list">
              <Setting label={s.shopName} variable="REEL_SHOP_NAME">
                {v.shop.name}
              </Setting>
              <Setting label={s.timeZone} variable="REEL_DEFAULT_TIMEZONE">
                {v.shop.timeZone}
              </Setting>
              <Setting label={s.currency} variable="REEL_DEFAULT_CURRENCY">
                {v.shop.currency ?? s.noCurrency}
              </Setting>
              <Setting label={s.publicUrl} variable="REEL_PUBLIC_URL">
                {v.publicUrl}
              </Setting>
            </dl>
          )}
        </Loaded>
      </section>
      <Connectors />
      {can('admin') && (
        <>
          <WriteKeys />
          <Users />
        </>
      )}
      <Loaded query={settings}>{(v) => <Policy settings={v} />}</Loaded>
    </>
  )
}

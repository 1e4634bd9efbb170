import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react'
import { api, type Session } from './api'
import { ShopProvider } from './format'
import { useLocale } from './i18n'
import { LanguagePicker } from './LanguagePicker'
import { Loaded } from './pages/common'
import { Link, type Page, type Route, useRoute } from './router'
import { SignIn } from './SignIn'
import { SessionProvider } from './session'

// Each page is its own chunk: the sign-in page loads none of them.
const PAGES: Record<Page, LazyExoticComponent<ComponentType<{ route: Route }>>> = {
  overview: lazy(() => import('./pages/Overview')),
  radar: lazy(() => import('./pages/Radar')),
  customers: lazy(() => import('./pages/customer/Customers')),
  customer: lazy(() => import('./pages/customer/Customer')),
  campaigns: lazy(() => import('./pages/campaigns/Campaigns')),
  'campaign-new': lazy(() => import('./pages/campaigns/CampaignBuilder')),
  campaign: lazy(() => import('./pages/campaigns/Campaign')),
  coupons: lazy(() => import('./pages/coupons/Coupons')),
  shipments: lazy(() => import('./pages/shipments/Shipments')),
  outbox: lazy(() => import('./pages/outbox/Outbox')),
  settings: lazy(() => import('./pages/settings/Settings')),
}

/** The navigation's pages, and the pages each one stands for (a customer is under Customers). */
const NAV: [Route, Page[]][] = [
  [{ page: 'overview' }, []],
  [{ page: 'radar' }, []],
  [{ page: 'customers' }, ['customer']],
  [{ page: 'campaigns' }, ['campaign', 'campaign-new']],
  [{ page: 'coupons' }, []],
  [{ page: 'shipments' }, []],
  [{ page: 'outbox' }, []],
  [{ page: 'settings' }, []],
]

const SESSION_KEY = ['session']

export function App() {
  const session = useQuery({
    queryKey: SESSION_KEY,
    queryFn: api.session,
    staleTime: Number.POSITIVE_INFINITY,
  })
  return <Loaded query={session}>{(data) => (data ? <Shell session={data} /> : <SignIn />)}</Loaded>
}

function Shell({ session }: { session: Session }) {
  const { t } = useLocale()
  const route = useRoute()
  const queries = useQueryClient()
  const shop = useQuery({ queryKey: ['shop'], queryFn: api.shop, staleTime: Number.POSITIVE_INFINITY })
  const signOut = async () => {
    await api.signOut()
    // The signed-out user's figures must not stay in memory; the session query stays (now null) because
    // App watches it.
    queries.setQueryData(SESSION_KEY, null)
    queries.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] })
  }
  const PageView = PAGES[route.page]
  return (
    <SessionProvider session={session}>
      <div className="shell">
        <a className="skip" href="#main">
          {t.skipToContent}
        </a>
        <header>
          <strong className="brand">{shop.data ? `${t.appName} · ${shop.data.name}` : t.appName}</strong>
          <nav aria-label={t.mainNav}>
            <ul>
              {NAV.map(([to, under]) => (
                <li key={to.page}>
                  <Link to={to} current={route.page === to.page || under.includes(route.page)}>
                    {t.pages[to.page]}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            <LanguagePicker />
            <span>
              {session.user.email} ({t.roles[session.user.role]})
            </span>
            <button type="button" onClick={signOut}>
              {t.signOut}
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <Loaded query={shop}>
            {(data) => (
              <ShopProvider shop={data}>
                <Suspense fallback={<p aria-busy="true">{t.loading}</p>}>
                  <PageView route={route} />
                </Suspense>
              </ShopProvider>
            )}
          </Loaded>
        </main>
      </div>
    </SessionProvider>
  )
}

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useEffect } from 'react'
import { api, type Session } from './api'
import { useLocale } from './i18n'
import { LanguagePicker } from './LanguagePicker'
import { Loaded } from './pages/common'
import { Link, type Route, useRoute } from './router'
import { SignIn } from './SignIn'

// Each page is its own chunk: the sign-in page loads none of them.
const Overview = lazy(() => import('./pages/Overview'))
const Radar = lazy(() => import('./pages/Radar'))

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
  const title = route === '/radar' ? t.radar : t.overview
  useEffect(() => {
    document.title = `${title} · Reel`
  }, [title])
  const signOut = async () => {
    await api.signOut()
    // The signed-out user's figures must not stay in memory; the session query stays (now null) because
    // App watches it.
    queries.setQueryData(SESSION_KEY, null)
    queries.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] })
  }
  const nav: [Route, string][] = [
    ['/', t.overview],
    ['/radar', t.radar],
  ]
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t.skipToContent}
      </a>
      <header>
        <strong className="brand">{t.appName}</strong>
        <nav aria-label={t.mainNav}>
          <ul>
            {nav.map(([to, label]) => (
              <li key={to}>
                <Link to={to} current={route === to}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <LanguagePicker />
          <span>
            {session.user.email} ({session.user.role})
          </span>
          <button type="button" onClick={signOut}>
            {t.signOut}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{title}</h1>
        <Suspense fallback={<p>{t.loading}</p>}>{route === '/radar' ? <Radar /> : <Overview />}</Suspense>
      </main>
    </div>
  )
}

import { type MouseEvent, type ReactNode, useEffect, useState } from 'react'

/** Every page of the app, with what its path names; an unknown path is the Overview. */
export type Route =
  | { page: 'overview' }
  | { page: 'radar' }
  | { page: 'customers' }
  | { page: 'customer'; id: string }
  | { page: 'campaigns' }
  | { page: 'campaign-new' }
  | { page: 'campaign'; id: string }
  | { page: 'coupons' }
  | { page: 'shipments' }
  | { page: 'outbox' }
  | { page: 'settings' }
export type Page = Route['page']

/** The path of a route; ids are encoded, so any customer id (with `/`, `?` or Hangul) makes one path. */
export function pathOf(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '/'
    case 'customer':
      return `/customers/${encodeURIComponent(route.id)}`
    case 'campaign-new':
      return '/campaigns/new'
    case 'campaign':
      return `/campaigns/${encodeURIComponent(route.id)}`
    default:
      return `/${route.page}`
  }
}

const SIMPLE: Record<string, Route> = {
  radar: { page: 'radar' },
  customers: { page: 'customers' },
  campaigns: { page: 'campaigns' },
  coupons: { page: 'coupons' },
  shipments: { page: 'shipments' },
  outbox: { page: 'outbox' },
  settings: { page: 'settings' },
}

export function routeOf(pathname: string): Route {
  const [first = '', second, ...rest] = pathname.split('/').filter(Boolean)
  if (rest.length > 0) return { page: 'overview' }
  if (second === undefined) return SIMPLE[first] ?? { page: 'overview' }
  let id: string
  try {
    id = decodeURIComponent(second)
  } catch {
    return { page: 'overview' }
  }
  if (first === 'customers') return { page: 'customer', id }
  if (first === 'campaigns') return id === 'new' ? { page: 'campaign-new' } : { page: 'campaign', id }
  return { page: 'overview' }
}

export function navigate(to: Route): void {
  history.pushState(null, '', pathOf(to))
  dispatchEvent(new PopStateEvent('popstate'))
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.pathname))
  useEffect(() => {
    const update = () => setRoute(routeOf(location.pathname))
    addEventListener('popstate', update)
    return () => removeEventListener('popstate', update)
  }, [])
  return route
}

/** A real link (opens in a new tab, copies) that moves inside the app on a plain click. */
export function Link({
  to,
  children,
  current: isCurrent,
  className,
}: {
  to: Route
  children: ReactNode
  current?: boolean
  className?: string
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return (
    <a
      href={pathOf(to)}
      onClick={onClick}
      aria-current={isCurrent ? 'page' : undefined}
      className={className}
    >
      {children}
    </a>
  )
}

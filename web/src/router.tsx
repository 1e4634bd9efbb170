import { type MouseEvent, type ReactNode, useEffect, useState } from 'react'

/** The pages the navigation offers; the others of the issue join as they are built. */
export const ROUTES = ['/', '/radar'] as const
export type Route = (typeof ROUTES)[number]

function current(): Route {
  const path = location.pathname.replace(/\/+$/, '') || '/'
  return (ROUTES as readonly string[]).includes(path) ? (path as Route) : '/'
}

export function navigate(to: Route): void {
  history.pushState(null, '', to)
  dispatchEvent(new PopStateEvent('popstate'))
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current)
  useEffect(() => {
    const update = () => setRoute(current())
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
}: {
  to: Route
  children: ReactNode
  current?: boolean
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return (
    <a href={to} onClick={onClick} aria-current={isCurrent ? 'page' : undefined}>
      {children}
    </a>
  )
}

import { type ReactNode, useEffect } from 'react'

/** The page's one h1, and the browser tab's title to match. */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Reel`
  }, [title])
  return (
    <div className="page-heading">
      <h1>{title}</h1>
      {children}
    </div>
  )
}

import { type ReactNode, useId } from 'react'

/** One part of the Customer page: a section named by its h2, or the page's "none" when it has nothing. */
export function Section({
  title,
  empty,
  none,
  children,
}: {
  title: string
  /** Nothing to show: the section says so instead of drawing an empty table. */
  empty?: boolean
  none: string
  children: ReactNode
}) {
  const id = useId()
  return (
    <section aria-labelledby={id} className="customer-section">
      <h2 id={id}>{title}</h2>
      {empty ? <p>{none}</p> : children}
    </section>
  )
}

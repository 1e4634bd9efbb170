import type { ReactNode } from 'react'

/** One setting read from the environment: what it is, its value, and the variable that sets it. */
export function Setting({
  label,
  variable,
  children,
}: {
  label: string
  variable: string
  children: ReactNode
}) {
  return (
    <div>
      <dt>
        {label} <code>{variable}</code>
      </dt>
      <dd>{children}</dd>
    </div>
  )
}

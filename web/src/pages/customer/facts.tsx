import type { ReactNode } from 'react'

/** Facts as label over value, as many columns as fit: the profile's, its traits, the predictions. */
export function Facts({ facts }: { facts: [string, ReactNode][] }) {
  return (
    <dl className="customer-facts">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

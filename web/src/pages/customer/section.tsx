import { type ReactNode, useId } from 'react'
import { useStrings } from '../../i18n'
import { strings } from './strings'

/** One part of the Customer page: a section named by its h2, saying "None." when it has nothing to show. */
export function Section({ title, empty, children }: { title: string; empty?: boolean; children: ReactNode }) {
  const s = useStrings(strings)
  const id = useId()
  return (
    <section aria-labelledby={id} className="customer-section">
      <h2 id={id}>{title}</h2>
      {empty ? <p>{s.none}</p> : children}
    </section>
  )
}

import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useLocale } from '../i18n'

/** A query's loading and error states, or its data drawn by `children`. */
export function Loaded<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>
  children: (data: T) => ReactNode
}) {
  const { t } = useLocale()
  if (query.isPending) return <p aria-busy="true">{t.loading}</p>
  if (query.isError)
    return (
      <p role="alert" className="error">
        {t.loadFailed}
        {query.error.message}
      </p>
    )
  return <>{children(query.data)}</>
}

export function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}

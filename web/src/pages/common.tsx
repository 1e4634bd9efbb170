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

const DAY_MS = 86_400_000

/**
 * The Mondays (UTC, as the server's date_trunc('week') gives) of every week the summary covers, oldest
 * first: the server lists only weeks with a signal, so the missing ones are zeros.
 */
export function weekStarts(asOf: string, weeks: number): string[] {
  const monday = (t: number) => {
    const day = new Date(t)
    return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - ((day.getUTCDay() + 6) % 7))
  }
  const last = monday(Date.parse(asOf))
  const starts: string[] = []
  for (let t = monday(Date.parse(asOf) - weeks * 7 * DAY_MS); t <= last; t += 7 * DAY_MS)
    starts.push(new Date(t).toISOString().slice(0, 10))
  return starts
}

export interface Column<T> {
  label: string
  cell: (row: T) => ReactNode
  className?: string
  /** The cell that names the row (a `th scope="row"`, read out with each of the row's cells). */
  rowHeader?: boolean
}

/** A table with a header cell per column, one row per item. */
export function Table<T>({
  columns,
  rows,
  rowKey,
}: {
  columns: Column<T>[]
  rows: T[]
  rowKey: (row: T) => string
}) {
  return (
    <table>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col" className={c.className}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c) =>
              c.rowHeader ? (
                <th key={c.label} scope="row">
                  {c.cell(row)}
                </th>
              ) : (
                <td key={c.label} className={c.className}>
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

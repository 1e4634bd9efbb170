import type { UseQueryResult } from '@tanstack/react-query'
import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table'
import { type ReactNode, useMemo, useState } from 'react'
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

/**
 * A table with a header cell per column and one row per item, laid out by TanStack Table: the rows are
 * the page the server sent (paging and filtering happen there, never over a whole shop in the browser).
 */
export function Table<T>({
  columns,
  rows,
  rowKey,
  caption,
}: {
  columns: Column<T>[]
  rows: T[]
  rowKey: (row: T) => string
  caption?: string
}) {
  const definitions = useMemo<ColumnDef<T>[]>(
    () =>
      columns.map((c) => ({
        id: c.label,
        header: c.label,
        cell: (context) => c.cell(context.row.original),
        meta: c,
      })),
    [columns],
  )
  const table = useReactTable({
    data: rows,
    columns: definitions,
    getCoreRowModel: getCoreRowModel(),
    getRowId: rowKey,
  })
  return (
    <table>
      {caption && <caption>{caption}</caption>}
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col" className={columnOf(header.column.columnDef).className}>
                {flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getVisibleCells().map((cell) => {
              const column = columnOf(cell.column.columnDef)
              const content = flexRender(cell.column.columnDef.cell, cell.getContext())
              return column.rowHeader ? (
                <th key={cell.id} scope="row" className={column.className}>
                  {content}
                </th>
              ) : (
                <td key={cell.id} className={column.className}>
                  {content}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function columnOf<T>(definition: ColumnDef<T>): Column<T> {
  return definition.meta as Column<T>
}

/** Paging by the server's cursor: the cursors of the pages read so far, so First needs no offset. */
export interface CursorPages {
  /** The cursor of the page shown (undefined: the first). */
  cursor: string | undefined
  atFirst: boolean
  first(): void
  next(cursor: string): void
}

export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<string[]>([])
  return {
    cursor: cursors.at(-1),
    atFirst: cursors.length === 0,
    first: () => setCursors([]),
    next: (cursor) => setCursors((earlier) => [...earlier, cursor]),
  }
}

/** First and Next buttons under a server-paged table; `next` is the server's cursor of the next page. */
export function Pager({ pages, next }: { pages: CursorPages; next: string | null }) {
  const { t } = useLocale()
  return (
    <div className="pager">
      <button type="button" disabled={pages.atFirst} onClick={pages.first}>
        {t.firstPage}
      </button>
      <button type="button" disabled={!next} onClick={() => next && pages.next(next)}>
        {t.nextPage}
      </button>
    </div>
  )
}

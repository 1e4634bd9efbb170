import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { parseCdnow } from './cdnow.js'
import { dayOfDate, type Purchase } from './summary.js'

export const TRANSACTION_FORMATS = ['cdnow', 'csv'] as const
export type TransactionFormat = (typeof TRANSACTION_FORMATS)[number]

/** A transactions file that cannot be read as its format, with the line and field at fault. */
export class TransactionsFileError extends Error {}

/**
 * Purchases from a file: `cdnow` (whitespace-separated customer, [cohort,] YYYYMMDD date, units, amount) or
 * `csv` with a header naming `customer_id`, `date` (YYYY-MM-DD or YYYYMMDD) and `amount`.
 */
export function readTransactionsFile(path: string, format: TransactionFormat): Purchase[] {
  const text = readFileSync(path, 'utf8')
  try {
    return format === 'cdnow' ? parseCdnow(text) : parseTransactionsCsv(text)
  } catch (error) {
    throw new TransactionsFileError((error as Error).message)
  }
}

export function parseTransactionsCsv(text: string): Purchase[] {
  const rows: Record<string, string>[] = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  })
  const missing = ['customer_id', 'date', 'amount'].filter((c) => rows.length > 0 && !(c in (rows[0] ?? {})))
  if (missing.length > 0) throw new Error(`the header lacks ${missing.join(', ')}`)
  return rows.map((row, i) => {
    const line = i + 2
    const day = dayOfDate(row.date ?? '')
    if (day === null) throw new Error(`line ${line}: date "${row.date}" is not a YYYY-MM-DD date`)
    const value = Number(row.amount)
    if (row.amount === '' || !Number.isFinite(value))
      throw new Error(`line ${line}: amount "${row.amount}" is not a number`)
    if (value < 0) throw new Error(`line ${line}: amount ${value} is negative`)
    if (!row.customer_id) throw new Error(`line ${line}: customer_id is empty`)
    return { customerId: row.customer_id, day, value }
  })
}

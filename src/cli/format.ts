import { InvalidArgumentError } from 'commander'

/** An amount of money in a currency (null: the shop sent none). */
export interface MoneyAmount {
  currency: string | null
  amount: number
}

/** An ISO time argument. */
export function isoTime(value: string): Date {
  const at = new Date(value)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime()))
    throw new InvalidArgumentError('expected an ISO time such as 2026-11-01T00:00:00Z')
  return at
}

/** A whole-number argument of at least 1. */
export function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1')
  return n
}

/** Money as a shopper reads it: the currency's own minor units (none for KRW), or a bare number. */
export function formatMoney(amounts: readonly MoneyAmount[]): string {
  if (amounts.length === 0) return '0'
  return amounts
    .map(({ currency, amount }) => {
      if (!currency) return amount.toLocaleString('en-US', { maximumFractionDigits: 2 })
      try {
        return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount)
      } catch {
        return `${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`
      }
    })
    .join(' + ')
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function renderTable(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

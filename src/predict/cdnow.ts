import { readFileSync } from 'node:fs'
import { dayOfDate, type Purchase } from './summary.js'

/**
 * Reads a CDNOW-shaped transactions file: whitespace-separated `customer date(YYYYMMDD) cds dollars`, or
 * with a cohort column between the customer and the date (the 1/10 sample). A header line is skipped; any
 * other line that does not parse is an error naming its line, as a negative amount is.
 */
export function readCdnowFile(path: string): Purchase[] {
  return parseCdnow(readFileSync(path, 'utf8'))
}

export function parseCdnow(text: string): Purchase[] {
  const purchases: Purchase[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const fields = (lines[i] ?? '').trim().split(/\s+/)
    if (fields.length === 1 && fields[0] === '') continue
    if (i === 0 && fields.some((f) => /[a-z]/i.test(f))) continue
    if (fields.length !== 4 && fields.length !== 5)
      throw new CdnowFormatError(
        i + 1,
        `expected 4 or 5 fields (customer, [cohort,] date, units, amount), got ${fields.length}`,
      )
    const [customerId, dateText, , amountText] =
      fields.length === 5 ? [fields[0], fields[2], fields[3], fields[4]] : fields
    const day = dayOfDate(dateText ?? '')
    if (day === null) throw new CdnowFormatError(i + 1, `the date "${dateText}" is not a YYYYMMDD date`)
    const value = Number(amountText)
    if (!Number.isFinite(value))
      throw new CdnowFormatError(i + 1, `the amount "${amountText}" is not a number`)
    if (value < 0) throw new CdnowFormatError(i + 1, `the amount ${value} is negative`)
    purchases.push({ customerId: customerId as string, day, value })
  }
  return purchases
}

export class CdnowFormatError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`)
  }
}

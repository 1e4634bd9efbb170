import { z } from 'zod'

/**
 * Exact money for shop platforms, which send amounts as decimal strings ("199.00", "0.10"). Amounts are
 * held as whole millionths of the currency unit in a bigint, so sums are exact (0.10 + 0.20 is 0.3, not
 * 0.30000000000000004); a number leaves only at the end, as the exact decimal (`Number("199.1")`).
 */
export type Amount = bigint

const SCALE_DIGITS = 6
const SCALE = 10n ** BigInt(SCALE_DIGITS)
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

/** An amount from a decimal string or a JSON number; undefined when it is neither. */
export function amountOf(value: string | number): Amount | undefined {
  // A JSON number (some platform fields are numbers) is read at its shortest decimal spelling.
  const text = typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(SCALE_DIGITS) : '') : value
  const match = DECIMAL.exec(text.trim())
  if (!match) return undefined
  const [, sign, whole, fraction = ''] = match
  if (fraction.length > SCALE_DIGITS && /[1-9]/.test(fraction.slice(SCALE_DIGITS))) return undefined
  const units =
    BigInt(whole ?? '0') * SCALE + BigInt(fraction.slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, '0'))
  return sign === '-' ? -units : units
}

/** The exact sum of amounts (zero for none). */
export function sumAmounts(amounts: Iterable<Amount>): Amount {
  let sum = 0n
  for (const a of amounts) sum += a
  return sum
}

/** An amount times a whole quantity. */
export function times(amount: Amount, quantity: number): Amount {
  return amount * BigInt(quantity)
}

/** The absolute value (WooCommerce writes refunds as negative totals). */
export function absolute(amount: Amount): Amount {
  return amount < 0n ? -amount : amount
}

/** The amount as a decimal string with no trailing zeros: 199100000n → "199.1". */
export function decimalText(amount: Amount): string {
  const negative = amount < 0n
  const units = negative ? -amount : amount
  const whole = units / SCALE
  const fraction = (units % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}

/** The amount as the JSON number of its exact decimal, for an event property. */
export function moneyNumber(amount: Amount): number {
  return Number(decimalText(amount))
}

/** A zod field for a platform amount: a decimal string or a number, read exactly. */
export const amountSchema = z
  .union([z.string(), z.number()], { error: 'expected an amount such as "19.99"' })
  .transform((value, ctx) => {
    const amount = amountOf(value)
    if (amount === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected an amount such as "19.99"' })
      return z.NEVER
    }
    return amount
  })

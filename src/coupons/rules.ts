/**
 * The coupon rules as pure functions: what a coupon is worth on an order, why it cannot be redeemed,
 * when it expires, and which ledger moves are legal. The SQL in the operations mirrors these; the
 * ledger audit replays them.
 */

export const COUPON_STATES = ['issued', 'gift_pending', 'redeemed', 'expired', 'void'] as const
export type CouponState = (typeof COUPON_STATES)[number]

export const GIFT_STATES = ['pending', 'claimed', 'declined', 'cancelled', 'expired'] as const
export type GiftState = (typeof GIFT_STATES)[number]

export const COUPON_KINDS = ['birthday', 'win_back', 'welcome', 'apology', 'loyalty', 'other'] as const
export type CouponKind = (typeof COUPON_KINDS)[number]

/** What a coupon takes off an order. */
export type Discount =
  | { type: 'amount'; amount: number; currency: string }
  | { type: 'percent'; percent: number; maxDiscount: number | null; currency: string | null }

/** The terms a coupon carries (copied from its template when issued). */
export interface CouponTerms {
  discount: Discount
  minOrder: number
}

// Building an Intl.NumberFormat costs about 17 µs (4% of a redemption's server time): once per currency.
// Only three-letter codes are kept, so currencies sent in events cannot grow the map without bound.
const minorUnitsByCurrency = new Map<string | null, number>()

/** Digits after the decimal point of a currency's minor unit (KRW and JPY have none). */
export function minorUnits(currency: string | null): number {
  const known = minorUnitsByCurrency.get(currency)
  if (known !== undefined) return known
  let digits = 2
  if (currency) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2
    } catch {
      digits = 2
    }
  }
  if (currency === null || /^[A-Z]{3}$/.test(currency)) minorUnitsByCurrency.set(currency, digits)
  return digits
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/** The discount on an order of this total: never more than the order, a percent capped by its maximum. */
export function discountOn(discount: Discount, orderTotal: number, currency: string | null): number {
  if (discount.type === 'amount') return Math.min(discount.amount, orderTotal)
  const raw = roundTo((orderTotal * discount.percent) / 100, minorUnits(currency ?? discount.currency))
  return discount.maxDiscount === null ? raw : Math.min(raw, discount.maxDiscount)
}

/**
 * What a coupon is worth before any order: the amount; for a percent coupon its cap, else the percent of
 * its minimum order (0 when neither is set, as nothing can be said).
 */
export function faceValue(terms: CouponTerms): number {
  const d = terms.discount
  if (d.type === 'amount') return d.amount
  return d.maxDiscount ?? (d.percent * terms.minOrder) / 100
}

/** When a coupon issued at `issuedAt` expires: after its validity in days, or at the template's end date. */
export function expiryOf(
  validity: { validDays: number | null; validUntil: Date | null },
  issuedAt: Date,
): Date {
  const candidates: number[] = []
  if (validity.validDays !== null) candidates.push(issuedAt.getTime() + validity.validDays * 86_400_000)
  if (validity.validUntil !== null) candidates.push(validity.validUntil.getTime())
  if (candidates.length === 0) throw new RangeError('a template needs validDays or validUntil')
  return new Date(Math.min(...candidates))
}

/** Why a redemption is refused: the stable reasons the API and the ledger report. */
export const REDEMPTION_REFUSALS = [
  'not_found',
  'not_owner',
  'already_redeemed',
  'gift_pending',
  'expired',
  'void',
  'below_minimum',
  'currency_mismatch',
] as const
export type RedemptionRefusal = (typeof REDEMPTION_REFUSALS)[number]

/** A coupon as redemption sees it. */
export interface RedeemableCoupon {
  ownerId: string
  state: CouponState
  expiresAt: Date
  minOrder: number
  currency: string | null
  redeemedOrderId: string | null
}

export interface RedemptionAttempt {
  customerId: string
  orderId: string
  /** The order's total before the discount; null when the shop did not say (an event without it). */
  orderTotal: number | null
  currency: string | null
  at: Date
}

/**
 * Why this coupon cannot be redeemed on this order, or null when it can. Redeeming again on the order
 * it was redeemed on is not refused: a retried request gets the same answer.
 */
export function redemptionRefusal(
  coupon: RedeemableCoupon,
  attempt: RedemptionAttempt,
): RedemptionRefusal | null {
  if (coupon.ownerId !== attempt.customerId) return 'not_owner'
  if (coupon.state === 'redeemed')
    return coupon.redeemedOrderId === attempt.orderId ? null : 'already_redeemed'
  if (coupon.state === 'gift_pending') return 'gift_pending'
  if (coupon.state === 'void') return 'void'
  if (coupon.state === 'expired' || coupon.expiresAt.getTime() <= attempt.at.getTime()) return 'expired'
  if (coupon.currency && attempt.currency && coupon.currency !== attempt.currency) return 'currency_mismatch'
  if (attempt.orderTotal !== null && attempt.orderTotal < coupon.minOrder) return 'below_minimum'
  return null
}

/** Every kind of ledger row, with the states it moves a coupon from and to. */
export const LEDGER_MOVES = {
  issued: { from: [null], to: 'issued' },
  redeemed: { from: ['issued'], to: 'redeemed' },
  released: { from: ['redeemed'], to: 'issued' },
  gift_sent: { from: ['issued'], to: 'gift_pending' },
  gift_claimed: { from: ['gift_pending'], to: 'issued' },
  gift_declined: { from: ['gift_pending'], to: 'issued' },
  gift_cancelled: { from: ['gift_pending'], to: 'issued' },
  gift_expired: { from: ['gift_pending'], to: 'issued' },
  expired: { from: ['issued'], to: 'expired' },
  voided: { from: ['issued', 'gift_pending'], to: 'void' },
} as const satisfies Record<string, { from: ReadonlyArray<CouponState | null>; to: CouponState }>
export type LedgerAction = keyof typeof LEDGER_MOVES | 'redemption_refused'

/** A ledger row as the audit replays it. */
export interface LedgerRow {
  action: LedgerAction
  fromState: CouponState | null
  toState: CouponState
  ownerBefore: string | null
  ownerAfter: string
}

/**
 * Replays a coupon's ledger from nothing: the state and owner it ends with, or what breaks the rules
 * (a move from the wrong state, a row that disagrees with the one before it, an owner changed by
 * anything but a claim, a second redemption that was never released).
 */
export function replayLedger(
  rows: readonly LedgerRow[],
): { state: CouponState; owner: string } | { problem: string } {
  let state: CouponState | null = null
  let owner: string | null = null
  for (const [i, row] of rows.entries()) {
    if (row.fromState !== state || row.ownerBefore !== owner)
      return {
        problem: `row ${i} (${row.action}) starts from ${row.fromState}/${row.ownerBefore}, not ${state}/${owner}`,
      }
    if (row.action === 'redemption_refused') {
      if (row.toState !== state || row.ownerAfter !== owner)
        return { problem: `row ${i}: a refusal changed the coupon` }
      continue
    }
    const move = LEDGER_MOVES[row.action]
    if (!(move.from as ReadonlyArray<CouponState | null>).includes(state))
      return { problem: `row ${i}: ${row.action} from ${state}` }
    if (row.toState !== move.to)
      return { problem: `row ${i}: ${row.action} to ${row.toState}, not ${move.to}` }
    if (row.action !== 'gift_claimed' && row.action !== 'issued' && row.ownerAfter !== owner)
      return { problem: `row ${i}: ${row.action} changed the owner` }
    if (row.action === 'gift_claimed' && row.ownerAfter === owner)
      return { problem: `row ${i}: a claim that kept the owner` }
    state = row.toState
    owner = row.ownerAfter
  }
  if (state === null || owner === null) return { problem: 'no ledger row' }
  return { state, owner }
}

/** `MM-DD` of a birthday trait written `YYYY-MM-DD`, `--MM-DD` or `MM-DD`; undefined when unreadable. */
export function birthdayMonthDay(birthday: unknown): string | undefined {
  if (typeof birthday !== 'string') return undefined
  const match = /(?:^|-)(\d{2})-(\d{2})(?:T.*)?$/.exec(birthday.trim())
  if (!match) return undefined
  const month = Number(match[1])
  const day = Number(match[2])
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined
  return `${match[1]}-${match[2]}`
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** The next birthday on or after `today` (UTC days); 29 February falls on 28 February in other years. */
export function nextBirthday(monthDay: string, today: Date): Date {
  const [month, day] = monthDay.split('-').map(Number) as [number, number]
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  for (const year of [today.getUTCFullYear(), today.getUTCFullYear() + 1]) {
    const d = month === 2 && day === 29 && !isLeapYear(year) ? 28 : day
    const at = Date.UTC(year, month - 1, d)
    if (at >= start) return new Date(at)
  }
  throw new RangeError(`no birthday for ${monthDay}`)
}

/** The `MM-DD` days from today to `days` ahead (UTC), the 29th of February included when the 28th is. */
export function monthDaysAhead(today: Date, days: number): string[] {
  const out = new Set<string>()
  for (let i = 0; i <= days; i++) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + i))
    const md = d.toISOString().slice(5, 10)
    out.add(md)
    if (md === '02-28' && !isLeapYear(d.getUTCFullYear())) out.add('02-29')
  }
  return [...out]
}

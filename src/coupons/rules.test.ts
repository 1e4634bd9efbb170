import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  birthdayMonthDay,
  discountOn,
  expiryOf,
  faceValue,
  type LedgerRow,
  minorUnits,
  monthDaysAhead,
  nextBirthday,
  redemptionRefusal,
  replayLedger,
} from './rules.js'

test('a percent discount rounds to the currency’s minor unit and stops at its cap', () => {
  const percent = { type: 'percent', percent: 15, maxDiscount: 30, currency: null } as const
  assert.equal(minorUnits('KRW'), 0)
  assert.equal(minorUnits('EUR'), 2)
  assert.equal(discountOn(percent, 99.99, 'EUR'), 15)
  assert.equal(discountOn(percent, 12_345, 'KRW'), 30)
  assert.equal(discountOn({ ...percent, maxDiscount: null }, 12_345, 'KRW'), 1852)
  assert.equal(
    discountOn({ type: 'amount', amount: 10, currency: 'EUR' }, 6, 'EUR'),
    6,
    'never more than the order',
  )
  assert.equal(faceValue({ discount: { ...percent, maxDiscount: null }, minOrder: 200 }), 30)
})

test('a coupon expires at its validity or its template’s end date, whichever comes first', () => {
  const issued = new Date('2026-01-01T00:00:00Z')
  assert.equal(
    expiryOf({ validDays: 10, validUntil: null }, issued).toISOString(),
    '2026-01-11T00:00:00.000Z',
  )
  const end = new Date('2026-01-05T00:00:00Z')
  assert.equal(expiryOf({ validDays: 10, validUntil: end }, issued).toISOString(), end.toISOString())
})

test('redemption is refused with the reason a shop can act on', () => {
  const coupon = {
    ownerId: 'a',
    state: 'issued' as const,
    expiresAt: new Date('2026-02-01T00:00:00Z'),
    minOrder: 30,
    currency: 'EUR',
    redeemedOrderId: null,
  }
  const attempt = {
    customerId: 'a',
    orderId: 'o',
    orderTotal: 40,
    currency: 'EUR',
    at: new Date('2026-01-15T00:00:00Z'),
  }
  assert.equal(redemptionRefusal(coupon, attempt), null)
  assert.equal(redemptionRefusal(coupon, { ...attempt, customerId: 'b' }), 'not_owner')
  assert.equal(redemptionRefusal(coupon, { ...attempt, orderTotal: 29.99 }), 'below_minimum')
  assert.equal(redemptionRefusal(coupon, { ...attempt, orderTotal: null }), null, 'an event without a total')
  assert.equal(redemptionRefusal(coupon, { ...attempt, currency: 'KRW' }), 'currency_mismatch')
  assert.equal(redemptionRefusal(coupon, { ...attempt, at: coupon.expiresAt }), 'expired')
  assert.equal(redemptionRefusal({ ...coupon, state: 'gift_pending' }, attempt), 'gift_pending')
  const redeemed = { ...coupon, state: 'redeemed' as const, redeemedOrderId: 'o' }
  assert.equal(redemptionRefusal(redeemed, attempt), null, 'the same order again')
  assert.equal(redemptionRefusal(redeemed, { ...attempt, orderId: 'p' }), 'already_redeemed')
})

test('the ledger replay finds a second redemption, a lost owner change and a gap', () => {
  const row = (
    action: LedgerRow['action'],
    from: LedgerRow['fromState'],
    to: LedgerRow['toState'],
    before: string | null,
    after: string,
  ): LedgerRow => ({
    action,
    fromState: from,
    toState: to,
    ownerBefore: before,
    ownerAfter: after,
  })
  const gifted = [
    row('issued', null, 'issued', null, 'a'),
    row('gift_sent', 'issued', 'gift_pending', 'a', 'a'),
    row('gift_claimed', 'gift_pending', 'issued', 'a', 'b'),
    row('redeemed', 'issued', 'redeemed', 'b', 'b'),
  ]
  assert.deepEqual(replayLedger(gifted), { state: 'redeemed', owner: 'b' })
  assert.ok('problem' in replayLedger([...gifted, row('redeemed', 'redeemed', 'redeemed', 'b', 'b')]))
  assert.ok(
    'problem' in
      replayLedger([
        row('issued', null, 'issued', null, 'a'),
        row('redeemed', 'issued', 'redeemed', 'a', 'c'),
      ]),
  )
  assert.ok(
    'problem' in
      replayLedger([
        row('issued', null, 'issued', null, 'a'),
        row('gift_claimed', 'gift_pending', 'issued', 'a', 'b'),
      ]),
  )
  assert.ok('problem' in replayLedger([]))
})

test('birthdays: any written form, 29 February in common years, the next one from today', () => {
  assert.equal(birthdayMonthDay('1990-07-14'), '07-14')
  assert.equal(birthdayMonthDay('--07-14'), '07-14')
  assert.equal(birthdayMonthDay('1990-07-14T00:00:00.000Z'), '07-14')
  assert.equal(birthdayMonthDay('14/07/1990'), undefined)
  assert.equal(
    nextBirthday('02-29', new Date('2027-02-01T12:00:00Z')).toISOString(),
    '2027-02-28T00:00:00.000Z',
  )
  assert.equal(
    nextBirthday('01-10', new Date('2027-02-01T12:00:00Z')).toISOString(),
    '2028-01-10T00:00:00.000Z',
  )
  assert.equal(
    nextBirthday('02-01', new Date('2027-02-01T23:00:00Z')).toISOString(),
    '2027-02-01T00:00:00.000Z',
  )
  assert.deepEqual(monthDaysAhead(new Date('2027-02-27T09:00:00Z'), 2), ['02-27', '02-28', '02-29', '03-01'])
})

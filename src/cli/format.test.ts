import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatMoney, renderTable } from './format.js'

describe('reel radar output', () => {
  it('formats money in each currency: no minor unit for won, cents for reais, sums listed per currency', () => {
    assert.equal(formatMoney([{ currency: 'KRW', amount: 139000 }]), '₩139,000')
    assert.equal(formatMoney([{ currency: 'BRL', amount: 1234.5 }]), 'R$1,234.50')
    assert.equal(formatMoney([{ currency: null, amount: 12.345 }]), '12.35')
    assert.equal(
      formatMoney([
        { currency: 'KRW', amount: 1000 },
        { currency: 'GBP', amount: 2 },
      ]),
      '₩1,000 + £2.00',
    )
    assert.equal(formatMoney([]), '0')
  })
  it('keeps a currency code it does not know instead of failing', () => {
    assert.equal(formatMoney([{ currency: 'points', amount: 5 }]), '5 points')
  })
  it('pads columns to the widest cell and right-aligns the numeric ones', () => {
    const table = renderTable(
      ['kind', 'open'],
      [
        ['cart_abandoned', '7'],
        ['dormant', '12'],
      ],
      new Set([1]),
    )
    assert.equal(
      table,
      ['kind            open', '--------------  ----', 'cart_abandoned     7', 'dormant           12'].join(
        '\n',
      ),
    )
  })
})

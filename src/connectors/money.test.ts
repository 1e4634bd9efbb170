import assert from 'node:assert/strict'
import { test } from 'node:test'
import { absolute, amountOf, decimalText, moneyNumber, sumAmounts, times } from './money.js'

const sum = (...values: string[]) => moneyNumber(sumAmounts(values.map((v) => amountOf(v)!)))

test('decimal strings add exactly: 0.10 + 0.20 is 0.3, not 0.30000000000000004', () => {
  assert.equal(sum('0.10', '0.20'), 0.3)
  assert.equal(sum('199.00', '0.10'), 199.1)
  assert.equal(sum('0.01', '0.01', '0.01'), 0.03)
  assert.equal(moneyNumber(times(amountOf('0.10')!, 3)), 0.3)
  assert.notEqual(0.1 + 0.2, 0.3)
})

test('an amount leaves as its exact decimal, negative refunds made positive', () => {
  assert.equal(decimalText(amountOf('199.10')!), '199.1')
  assert.equal(decimalText(amountOf('-10.00')!), '-10')
  assert.equal(moneyNumber(absolute(amountOf('-10.50')!)), 10.5)
  assert.equal(decimalText(amountOf('1500')!), '1500')
  assert.equal(decimalText(amountOf('0.125')!), '0.125')
})

test('JSON numbers are read at their decimal value', () => {
  assert.equal(decimalText(amountOf(195.67)!), '195.67')
  assert.equal(decimalText(amountOf(3)!), '3')
  assert.equal(sum('0.1') + 0, 0.1)
})

test('what is no amount is undefined, not NaN', () => {
  for (const bad of ['', 'abc', '1,00', '1.2.3', '1e5', '0.0000001'])
    assert.equal(amountOf(bad), undefined, bad)
  assert.equal(amountOf(Number.NaN), undefined)
  assert.equal(amountOf(Number.POSITIVE_INFINITY), undefined)
})

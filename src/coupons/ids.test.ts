import assert from 'node:assert/strict'
import { test } from 'node:test'
import { newCouponCode, normaliseCode } from './ids.js'

test('coupon codes are two groups of five without I, L, O or U, and every other letter and digit turns up', () => {
  const seen = new Set<string>()
  for (let i = 0; i < 2000; i++) {
    const code = newCouponCode()
    assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/)
    assert.doesNotMatch(code, /[ILOU]/, code)
    for (const c of code.replace('-', '')) seen.add(c)
  }
  // 20,000 characters drawn from 32: each one of them appears (a missing one has odds of about e^-625).
  assert.deepEqual([...seen].sort().join(''), '0123456789ABCDEFGHJKMNPQRSTVWXYZ')
})

test('a code typed in any case, with or without its dash or spaces, is the stored code', () => {
  assert.equal(normaliseCode('7K2QX-M9D4B'), '7K2QX-M9D4B')
  assert.equal(normaliseCode('7k2qx-m9d4b'), '7K2QX-M9D4B')
  assert.equal(normaliseCode('7k2qxm9d4b'), '7K2QX-M9D4B')
  assert.equal(normaliseCode(' 7K2Q X M9D4 B '), '7K2QX-M9D4B')
  // The letters left out of the alphabet read as the digits they look like.
  assert.equal(normaliseCode('i0l1o-abcde'), '10110-ABCDE')
  // Not a code's length: left as typed (trimmed), so it simply matches nothing.
  assert.equal(normaliseCode(' 7K2QX '), '7K2QX')
})

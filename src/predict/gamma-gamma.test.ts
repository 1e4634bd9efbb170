import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectedOrderValue, fitGammaGamma } from './gamma-gamma.js'

// "RFM and CLV" (2005): p = 6.25, q = 3.74, γ = 15.44 on CDNOW.
const PAPER = { p: 6.25, q: 3.74, gamma: 15.44 }

test('the expected order value shrinks a customer’s own mean towards the population’s', () => {
  const population = (PAPER.p * PAPER.gamma) / (PAPER.q - 1)
  assert.equal(expectedOrderValue(PAPER, null), population)
  assert.equal(expectedOrderValue(PAPER, { frequency: 0, meanValue: 0 }), population)
  // Fader and Hardie's note, section 4: (p(γ + m̄x)) / (px + q − 1), here for m̄ = 100 after 1 and 20 orders.
  const once = expectedOrderValue(PAPER, { frequency: 1, meanValue: 100 }) ?? 0
  const often = expectedOrderValue(PAPER, { frequency: 20, meanValue: 100 }) ?? 0
  assert.ok(Math.abs(once - (6.25 * (15.44 + 100)) / (6.25 + 3.74 - 1)) < 1e-9)
  assert.ok(population < once && once < often && often < 100)
  assert.equal(expectedOrderValue({ p: 1, q: 0.5, gamma: 10 }, null), null)
})

test('a fit refuses spend it cannot read', () => {
  assert.throws(() => fitGammaGamma([]), /no repeat buyers/)
  assert.throws(() => fitGammaGamma([{ frequency: 2, meanValue: -5 }]), /positive mean order value/)
})

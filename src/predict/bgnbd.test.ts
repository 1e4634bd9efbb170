import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  bgnbdLogLikelihood,
  expectedOrders,
  fitBgNbd,
  medianWaitIfAlive,
  probabilityAlive,
  probabilityNoOrder,
} from './bgnbd.js'

// The paper's CDNOW estimates (Fader, Hardie and Lee 2005, table 1).
const PAPER = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
const close = (actual: number, expected: number, relative: number) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${actual} is not within ${relative} of ${expected}`,
  )

// Reference values from equation 10 and 11 exactly as printed (the untransformed ₂F₁), evaluated with
// mpmath 1.3.0 at 40 digits: mp.hyp2f1(r+x, b+x, a+b+x-1, t/(alpha+T+t)).
test('expected purchases and P(alive) match the paper’s formulas evaluated at 40 digits', () => {
  const cases = [
    {
      c: { frequency: 2, recency: 30.43, age: 38.86 },
      t: 39,
      expected: 1.22602817476714,
      alive: 0.726578570080673,
    },
    { c: { frequency: 0, recency: 0, age: 38.86 }, t: 39, expected: 0.195098052011263, alive: 1 },
    {
      c: { frequency: 7, recency: 35, age: 38.86 },
      t: 52,
      expected: 5.52056750799936,
      alive: 0.8437678219280121,
    },
    {
      c: { frequency: 50, recency: 300, age: 365 },
      t: 365,
      expected: 0.144681397280974,
      alive: 0.0038669330208701766,
    },
  ]
  for (const { c, t, expected, alive } of cases) {
    close(expectedOrders(PAPER, c, t), expected, 1e-9)
    close(probabilityAlive(PAPER, c), alive, 1e-12)
  }
  // A frequent buyer in days, where the printed form's ₂F₁ passes 1e28: r=0.5, α=20, a=1.5, b=3.
  const daily = { r: 0.5, alpha: 20, a: 1.5, b: 3 }
  close(expectedOrders(daily, { frequency: 120, recency: 700, age: 730 }, 365), 16.255465975015, 1e-9)
  close(expectedOrders(daily, { frequency: 50, recency: 300, age: 365 }, 365), 0.0889620290003951, 1e-9)
  close(probabilityAlive(daily, { frequency: 120, recency: 700, age: 730 }), 0.3727366329837593, 1e-12)
})

test('a at 1 takes the limit instead of dividing by zero', () => {
  const c = { frequency: 3, recency: 20, age: 30 }
  const at = expectedOrders({ ...PAPER, a: 1 }, c, 30)
  const near = expectedOrders({ ...PAPER, a: 1.001 }, c, 30)
  assert.ok(Number.isFinite(at))
  close(at, near, 1e-3)
})

test('no time ahead means no purchases; more time ahead means more', () => {
  const c = { frequency: 2, recency: 30.43, age: 38.86 }
  assert.equal(expectedOrders(PAPER, c, 0), 0)
  assert.ok(expectedOrders(PAPER, c, 10) < expectedOrders(PAPER, c, 20))
  assert.equal(probabilityNoOrder(PAPER, c, 0), 1)
  assert.ok(probabilityNoOrder(PAPER, c, 52) < probabilityNoOrder(PAPER, c, 4))
  // Half of the alive customer's posterior waits are shorter than the median wait.
  const m = medianWaitIfAlive(PAPER, c)
  close(((PAPER.alpha + c.age) / (PAPER.alpha + c.age + m)) ** (PAPER.r + c.frequency), 0.5, 1e-12)
})

test('the fit recovers the parameters customers were drawn from', () => {
  const truth = { r: 0.8, alpha: 30, a: 0.6, b: 3 }
  const customers = simulate(truth, 6000, 365, 42)
  const fit = fitBgNbd(customers)
  assert.ok(fit.converged, fit.problem ?? '')
  close(fit.params.r, truth.r, 0.15)
  close(fit.params.alpha, truth.alpha, 0.2)
  close(fit.params.a, truth.a, 0.3)
  close(fit.params.b, truth.b, 0.4)
  assert.ok(fit.logLikelihood >= bgnbdLogLikelihood(truth, customers))
})

/** Customers drawn from the BG/NBD story itself, with a seeded generator. */
function simulate(
  p: { r: number; alpha: number; a: number; b: number },
  n: number,
  horizon: number,
  seed: number,
) {
  let state = seed
  const uniform = () => {
    state = (state * 1664525 + 1013904223) % 4294967296
    return (state + 0.5) / 4294967296
  }
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * uniform() ** (1 / shape)
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      const z = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
      const v = (1 + c * z) ** 3
      if (v > 0 && Math.log(uniform()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v
    }
  }
  return Array.from({ length: n }, () => {
    const lambda = gamma(p.r) / p.alpha
    const ga = gamma(p.a)
    const dropout = ga / (ga + gamma(p.b))
    const age = horizon * uniform()
    let t = 0
    let frequency = 0
    let recency = 0
    for (;;) {
      t += -Math.log(uniform()) / lambda
      if (t > age) break
      frequency++
      recency = t
      if (uniform() < dropout) break
    }
    return { frequency, recency, age }
  })
}

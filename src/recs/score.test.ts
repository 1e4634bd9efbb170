import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BasketModel } from './basket-model.js'
import { recommend } from './score.js'
import type { Basket, RecsInput } from './types.js'

const DAY = 86_400_000
const T0 = Date.parse('2026-01-01T00:00:00Z')
const day = (n: number) => T0 + n * DAY

/** A shop where yoga-mat buyers come back for a mat bag, and everybody buys water. */
function yogaShop(): BasketModel {
  const model = new BasketModel({ popularityWeight: () => 1 })
  for (let i = 0; i < 30; i++)
    model.addCustomer([
      { at: day(i), items: ['yoga-mat', 'water'] },
      { at: day(i + 20), items: ['mat-bag', 'water'] },
    ])
  for (let i = 0; i < 40; i++) model.addCustomer([{ at: day(i), items: ['water', 'tea'] }])
  return model
}

const ids = (input: RecsInput, options = { limit: 5 }) => recommend(input, options).map((r) => r.item)

test('a customer with no orders gets the bestsellers, each saying it is popular', () => {
  const recs = recommend(yogaShop().inputFor([], day(100)), { limit: 3 })
  assert.deepEqual(
    recs.map((r) => [r.item, r.source]),
    [
      ['water', 'popular'],
      ['tea', 'popular'],
      ['mat-bag', 'popular'],
    ],
  )
  assert.deepEqual(recs[0]!.reasons[0], { source: 'popular', score: recs[0]!.score, category: null, rank: 1 })
})

test('bought a yoga mat → needs a mat bag: the next-order evidence is named', () => {
  const history: Basket[] = [{ at: day(60), items: ['yoga-mat'] }]
  const recs = recommend(yogaShop().inputFor(history, day(61)), { limit: 10 })
  assert.deepEqual(
    recs.slice(0, 2).map((r) => r.item),
    ['water', 'mat-bag'],
    'water is in every order; the bag beats tea, bought more often than it',
  )
  const bag = recs[1]!
  const next = bag.reasons.find((r) => r.source === 'next')
  assert.deepEqual(next && { ...next, score: 0 }, {
    source: 'next',
    score: 0,
    afterItem: 'yoga-mat',
    afterCategory: null,
    times: 30,
  })
})

test('the product just bought is not shown again unless it is bought again and again', () => {
  const input = yogaShop().inputFor([{ at: day(60), items: ['yoga-mat', 'water'] }], day(61))
  const shown = ids(input, { limit: 10 })
  assert.ok(!shown.includes('yoga-mat'), 'nobody buys a second yoga mat')
  assert.ok(shown.includes('water'), 'water comes back, so it may be shown')
  assert.ok(!ids({ ...input, context: ['water'] }, { limit: 10 }).includes('yoga-mat'))
})

test('out of stock or archived products are never recommended, whatever their evidence', () => {
  const input = yogaShop().inputFor([{ at: day(10), items: ['yoga-mat'] }], day(40))
  const products = new Map([
    ['mat-bag', { category: null, available: false }],
    ['water', { category: null, available: false }],
  ])
  const shown = ids({ ...input, products }, { limit: 10 })
  assert.ok(shown.length > 0)
  assert.ok(!shown.includes('mat-bag') && !shown.includes('water'), shown.join())
})

test('shop rules come first: bought baby food → nappies, in the category’s bestseller order', () => {
  const input: RecsInput = {
    ...yogaShop().inputFor([{ at: day(5), items: ['puree'] }], day(6)),
    rules: [{ fromCategory: 'baby-food', toCategory: 'nappies' }],
    popularIn: new Map([
      [
        'nappies',
        [
          { item: 'nappies-s', weight: 9 },
          { item: 'nappies-m', weight: 4 },
        ],
      ],
    ]),
    products: new Map([
      ['puree', { category: 'baby-food', available: true }],
      ['nappies-m', { category: 'nappies', available: true }],
      ['nappies-s', { category: 'nappies', available: true }],
    ]),
  }
  const recs = recommend(input, { limit: 4 })
  assert.deepEqual(
    recs.slice(0, 2).map((r) => [r.item, r.source]),
    [
      ['nappies-s', 'rule'],
      ['nappies-m', 'rule'],
    ],
  )
  assert.deepEqual(recs[0]!.reasons[0], {
    source: 'rule',
    rule: { fromCategory: 'baby-food', toCategory: 'nappies' },
    score: 1,
  })
  assert.equal(recs.length, 4, 'the blend fills the rest')
})

test('a repeat purchase carries its expected re-order date, and one not yet due ranks lower', () => {
  const model = new BasketModel({ popularityWeight: () => 1 })
  const history: Basket[] = [
    { at: day(0), items: ['coffee', 'filters'] },
    { at: day(30), items: ['coffee'] },
    { at: day(60), items: ['coffee'] },
    { at: day(70), items: ['filters'] },
    { at: day(88), items: ['soap'] },
  ]
  const recs = recommend(model.inputFor(history, day(89)), { limit: 5 })
  const coffee = recs.find((r) => r.item === 'coffee')!
  const repeat = coffee.reasons.find((r) => r.source === 'repeat')
  assert.equal(repeat?.source === 'repeat' && repeat.expectedReorderAt, day(90))
  assert.equal(repeat?.source === 'repeat' && repeat.timesBought, 3)
  // Filters come every 70 days and were bought 19 days ago: coffee (due tomorrow) comes first.
  assert.ok(recs.indexOf(coffee) < recs.findIndex((r) => r.item === 'filters'))
})

test('bought together is shrunk: one shared order with a rarely bought product weighs less than many', () => {
  const model = new BasketModel({ popularityWeight: () => 0 })
  for (let i = 0; i < 20; i++) model.addCustomer([{ at: day(i), items: ['flour', 'yeast'] }])
  model.addCustomer([{ at: day(1), items: ['flour', 'saffron'] }])
  const recs = recommend(model.inputFor([{ at: day(40), items: ['flour'] }], day(41)), { limit: 2 })
  assert.deepEqual(
    recs.map((r) => r.item),
    ['yeast', 'saffron'],
  )
  const together = recs[0]!.reasons.find((r) => r.source === 'together')
  assert.equal(together?.source === 'together' && together.orders, 20)
})

test('new items only leaves out everything the customer bought', () => {
  const input = yogaShop().inputFor([{ at: day(1), items: ['water', 'tea'] }], day(40))
  const shown = recommend(input, { limit: 10, newOnly: true }).map((r) => r.item)
  assert.ok(shown.length > 0 && !shown.includes('water') && !shown.includes('tea'), shown.join())
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRandom } from '../demo/index.js'
import { addCustomerDelta, type CountedBasket, emptyDelta, type ModelDelta, weekOf } from './model-delta.js'

/** The delta's non-zero counts, sorted, to compare two ways of reaching the same orders. */
function counts(delta: ModelDelta): string[] {
  const rows: string[] = []
  for (const [k, d] of delta.items)
    if (d.baskets || d.followed || d.reorderGaps || d.reorderSeconds)
      rows.push(`item ${k} ${JSON.stringify(d)}`)
  for (const [k, d] of delta.pairs) if (d.together || d.next) rows.push(`pair ${k} ${d.together} ${d.next}`)
  for (const [k, d] of delta.categoryNext) if (d.times) rows.push(`cat ${k} ${d.times}`)
  for (const [k, d] of delta.weeks) if (d.baskets) rows.push(`week ${k} ${d.baskets}`)
  return rows.sort()
}

const DAY = 86_400_000

test('orders completed, cancelled, changed and placed late, applied as differences, give the counts from scratch', () => {
  const random = createRandom(11)
  const products = ['mat', 'bag', 'water', 'tea', 'strap', 'towel']
  const basket = (id: number): CountedBasket => {
    const items = products.filter(() => random.next() < 0.4)
    const chosen = items.length > 0 ? items : ['water']
    return {
      orderId: `o${id}`,
      at: Date.parse('2026-03-01') + Math.floor(random.next() * 200) * DAY,
      items: chosen,
      categories: chosen.map((p) => (p === 'water' || p === 'tea' ? 'drinks' : 'yoga')),
    }
  }
  for (let round = 0; round < 20; round++) {
    let current: CountedBasket[] = []
    const running = emptyDelta()
    for (let step = 0; step < 15; step++) {
      const next = [...current]
      const roll = random.next()
      if (roll < 0.5 || next.length === 0) next.push(basket(round * 100 + step))
      else if (roll < 0.75) next.splice(Math.floor(random.next() * next.length), 1)
      else {
        const i = Math.floor(random.next() * next.length)
        next[i] = {
          ...next[i]!,
          items: next[i]!.items.slice(1)
            .concat('towel')
            .filter((p, j, all) => all.indexOf(p) === j),
        }
        next[i] = {
          ...next[i]!,
          categories: next[i]!.items.map((p) => (p === 'water' || p === 'tea' ? 'drinks' : 'yoga')),
        }
      }
      addCustomerDelta(running, current, next)
      current = next
    }
    const scratch = emptyDelta()
    addCustomerDelta(scratch, [], current)
    assert.deepEqual(counts(running), counts(scratch), `round ${round}`)
  }
})

test('one customer’s two orders: the counts a recommender reads', () => {
  const delta = emptyDelta()
  addCustomerDelta(
    delta,
    [],
    [
      {
        orderId: 'b',
        at: Date.parse('2026-05-20T10:00:00Z'),
        items: ['bag', 'water'],
        categories: ['yoga', 'drinks'],
      },
      {
        orderId: 'a',
        at: Date.parse('2026-05-06T10:00:00Z'),
        items: ['mat', 'water'],
        categories: ['yoga', 'drinks'],
      },
    ],
  )
  assert.deepEqual(delta.items.get('water'), {
    baskets: 2,
    followed: 1,
    reorderGaps: 1,
    reorderSeconds: 14 * 86_400,
  })
  assert.deepEqual(delta.items.get('mat'), { baskets: 1, followed: 1, reorderGaps: 0, reorderSeconds: 0 })
  assert.deepEqual(delta.pairs.get('mat\0bag'), { a: 'mat', b: 'bag', together: 0, next: 1 })
  assert.deepEqual(delta.pairs.get('mat\0water'), { a: 'mat', b: 'water', together: 1, next: 1 })
  assert.equal(delta.pairs.get('bag\0mat'), undefined, 'next is one way: the mat came first')
  assert.equal(delta.categoryNext.get('yoga\0drinks')?.times, 1)
  assert.equal(weekOf(Date.parse('2026-05-06T10:00:00Z')), '2026-05-04')
})

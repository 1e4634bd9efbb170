import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fitPromiseModel } from './fit.js'
import { promiseFor } from './promise.js'
import type { PastShipment, ShipmentSoFar } from './types.js'

const DAY = 86_400_000
const HOUR = 3_600_000
const ASOF = Date.UTC(2024, 5, 1)

/** A shipment delivered `ago` days before ASOF after `handling` and `transit` days. */
function shipped(
  lane: [string, string],
  handling: number,
  transit: number,
  ago = 5,
  seller: string | null = null,
): PastShipment {
  const deliveredAt = ASOF - ago * DAY
  const handedOverAt = deliveredAt - transit * DAY
  return {
    carrier: null,
    origin: lane[0],
    destination: lane[1],
    seller,
    purchasedAt: handedOverAt - handling * DAY,
    handedOverAt,
    deliveredAt,
  }
}

const many = (count: number, make: (i: number) => PastShipment) =>
  Array.from({ length: count }, (_, i) => make(i))

const order = (lane: [string, string], seller: string | null = null): ShipmentSoFar => ({
  carrier: null,
  origin: lane[0],
  destination: lane[1],
  seller,
  purchasedAt: ASOF,
  handedOverAt: null,
})

const days = (ms: number) => ms / DAY

test('a lane with many shipments is promised from its own transit times', () => {
  const history = [
    ...many(200, (i) => shipped(['SP', 'SP'], 1, 2 + (i % 3))),
    ...many(200, (i) => shipped(['SP', 'AM'], 1, 15 + (i % 3))),
  ]
  const model = fitPromiseModel(history, ASOF)
  const near = promiseFor(model, { ...order(['SP', 'SP']), handedOverAt: ASOF }, ASOF)
  const far = promiseFor(model, { ...order(['SP', 'AM']), handedOverAt: ASOF }, ASOF)
  assert.equal(near.basis, 'lane')
  assert.equal(near.sampleSize, 200)
  assert.ok(days(near.expectedAt - ASOF) < 4.5, `near ${days(near.expectedAt - ASOF)}`)
  assert.ok(days(far.expectedAt - ASOF) > 14, `far ${days(far.expectedAt - ASOF)}`)
  assert.ok(near.earliestAt <= near.expectedAt && near.expectedAt <= near.latestAt)
  assert.ok(near.latestAt <= near.promiseAt)
})

test('a lane with two shipments is shrunk towards its destination, an unknown one falls back to the shop', () => {
  const history = [
    ...many(100, () => shipped(['SP', 'RJ'], 1, 4)),
    ...many(2, () => shipped(['MG', 'RJ'], 1, 12)),
    ...many(100, () => shipped(['SP', 'BA'], 1, 8)),
  ]
  const model = fitPromiseModel(history, ASOF)
  const thin = promiseFor(model, { ...order(['MG', 'RJ']), handedOverAt: ASOF }, ASOF)
  const thinDays = days(thin.expectedAt - ASOF)
  // The destination RJ takes about 4 days; two shipments of 12 days move it a little, not all the way.
  assert.equal(thin.basis, 'lane')
  assert.ok(thinDays > 4 && thinDays < 6, `thin lane ${thinDays}`)
  const unknown = promiseFor(model, { ...order(['XX', 'YY']), handedOverAt: ASOF }, ASOF)
  assert.equal(unknown.basis, 'shop')
  const noDestination = promiseFor(
    model,
    { ...order(['SP', 'RJ']), destination: null, handedOverAt: ASOF },
    ASOF,
  )
  assert.equal(noDestination.basis, 'shop')
})

test('recent shipments weigh more than old ones', () => {
  const history = [
    ...many(100, () => shipped(['SP', 'SP'], 1, 10, 60)),
    ...many(100, () => shipped(['SP', 'SP'], 1, 3, 2)),
  ]
  const model = fitPromiseModel(history, ASOF, { halfLifeDays: 14 })
  const promise = promiseFor(model, { ...order(['SP', 'SP']), handedOverAt: ASOF }, ASOF)
  assert.equal(days(promise.expectedAt - ASOF), 3)
  const flat = fitPromiseModel(history, ASOF, { halfLifeDays: Number.POSITIVE_INFINITY })
  const flatPromise = promiseFor(flat, { ...order(['SP', 'SP']), handedOverAt: ASOF }, ASOF)
  assert.ok(days(flatPromise.latestAt - ASOF) >= 10)
})

test('shipments in flight at asOf count as lasting at least until then; purchases before the window not at all', () => {
  const delivered = many(50, () => shipped(['SP', 'SP'], 1, 3, 5))
  // Handed over 29 days before asOf, delivered a day after it: at asOf they are 29 days in flight.
  const inFlight = many(50, () => shipped(['SP', 'SP'], 1, 30, -1))
  const onlyDelivered = fitPromiseModel(delivered, ASOF)
  const model = fitPromiseModel([...delivered, ...inFlight], ASOF)
  assert.equal(model.transit.lane['SP>SP']!.count, 100)
  const from = (m: typeof model) => promiseFor(m, { ...order(['SP', 'SP']), handedOverAt: ASOF }, ASOF)
  assert.equal(days(from(onlyDelivered).latestAt - ASOF), 3)
  // Half are still on their way after 29 days; the estimate knows no more than that, and does not invent more.
  assert.equal(days(from(model).latestAt - ASOF), 29)
  const old = fitPromiseModel([shipped(['SP', 'SP'], 1, 3, 400)], ASOF, { windowDays: 180 })
  assert.equal(old.transit.shop, null)
})

test('the recency weight follows the handover, so a fast recent cohort shows before its slow parcels land', () => {
  // Delivered in the same last days: more of a slow cohort handed over 3 weeks before than of a fast one.
  const slow = many(150, (i) => shipped(['SP', 'SP'], 1, 20, 2 + (i % 5)))
  const fast = many(100, (i) => shipped(['SP', 'SP'], 1, 2, 1 + (i % 5)))
  const model = fitPromiseModel([...slow, ...fast], ASOF, { halfLifeDays: 14 })
  const promise = promiseFor(model, { ...order(['SP', 'SP']), handedOverAt: ASOF }, ASOF)
  assert.equal(days(promise.expectedAt - ASOF), 2)
})

test('at purchase the seller handling time is added to the transit; the handover narrows the range', () => {
  const history = [
    ...many(100, (i) => shipped(['SP', 'SP'], 1 + (i % 5), 3 + (i % 4), 5, 'slow')),
    ...many(100, (i) => shipped(['SP', 'SP'], 0.5, 3 + (i % 4), 5, 'fast')),
  ]
  const model = fitPromiseModel(history, ASOF)
  const slow = promiseFor(model, order(['SP', 'SP'], 'slow'), ASOF)
  const fast = promiseFor(model, order(['SP', 'SP'], 'fast'), ASOF)
  assert.equal(slow.basis, 'seller+lane')
  assert.ok(slow.expectedAt > fast.expectedAt + DAY, 'a slow seller is promised later')
  const handedOverAt = ASOF + 2 * DAY
  const after = promiseFor(model, { ...order(['SP', 'SP'], 'slow'), handedOverAt }, handedOverAt)
  assert.ok(after.latestAt - after.earliestAt < slow.latestAt - slow.earliestAt, 'the range narrows')
  assert.ok(after.earliestAt >= handedOverAt)
})

test('a promise never lies before now, and an overdue shipment gets a next-day guess', () => {
  const history = many(100, (i) => shipped(['SP', 'SP'], 1, 2 + (i % 4)))
  const model = fitPromiseModel(history, ASOF)
  const handedOverAt = ASOF
  const late = ASOF + 5.5 * DAY
  const conditional = promiseFor(model, { ...order(['SP', 'SP']), handedOverAt }, ASOF + 3.5 * DAY)
  assert.ok(conditional.earliestAt >= ASOF + 3.5 * DAY)
  assert.ok(conditional.expectedAt > ASOF + 3.5 * DAY)
  const overdue = promiseFor(model, { ...order(['SP', 'SP']), handedOverAt }, late)
  assert.match(overdue.basis, /overdue/)
  assert.equal(overdue.promiseAt, late + 24 * HOUR)
  assert.ok(overdue.earliestAt >= late)
  // Not yet handed over a week after purchase: longer than every past handling, still after now.
  const waiting = promiseFor(model, order(['SP', 'SP']), ASOF + 7 * DAY)
  assert.ok(waiting.earliestAt >= ASOF + 7 * DAY)
})

test('the model is plain JSON and promises the same after a round trip', () => {
  const history = many(30, (i) => shipped(['SP', 'RJ'], 1 + (i % 3), 4 + (i % 5)))
  const model = fitPromiseModel(history, ASOF)
  const copy = JSON.parse(JSON.stringify(model))
  assert.deepEqual(promiseFor(copy, order(['SP', 'RJ']), ASOF), promiseFor(model, order(['SP', 'RJ']), ASOF))
})

test('the recent pace scales every lane when all get faster, not when only the mix of lanes changes', () => {
  // Weeks ago: near (3 days) and far (15 days) parcels. The last days: only near ones.
  const before = [
    ...many(400, (i) => shipped(['SP', 'SP'], 1, 3, 20 + (i % 20))),
    ...many(100, (i) => shipped(['SP', 'AM'], 1, 15, 10 + (i % 20))),
  ]
  const sameSpeed = many(60, (i) => shipped(['SP', 'SP'], 1, 3, 1 + (i % 3)))
  assert.ok(Math.abs(fitPromiseModel([...before, ...sameSpeed], ASOF).transit.pace - 1) < 0.05)
  const faster = many(60, (i) => shipped(['SP', 'SP'], 1, 1.5, 1 + (i % 3)))
  const model = fitPromiseModel([...before, ...faster], ASOF)
  assert.ok(model.transit.pace < 0.8, `pace ${model.transit.pace}`)
  const far = promiseFor(model, { ...order(['SP', 'AM']), handedOverAt: ASOF }, ASOF)
  assert.ok(days(far.expectedAt - ASOF) < 15 * 0.8, 'the far lane follows')
})

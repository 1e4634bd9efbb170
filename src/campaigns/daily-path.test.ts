import assert from 'node:assert/strict'
import { test } from 'node:test'
import { summariseArm } from '../stats/index.js'
import { DailyDeltas, dayIn, nextDay } from './daily-path.js'

const at = (iso: string) => new Date(iso)

test("a day's look sees the customers exposed by then with the orders they had by that evening", () => {
  const path = new DailyDeltas(dayIn('UTC'))
  path.add({
    arm: 'treatment',
    messageCost: 20,
    preSpend: 100,
    exposedAt: at('2026-11-01T09:00:00Z'),
    timeline: [
      { at: at('2026-11-01T12:00:00Z'), value: 50, discount: 5 },
      { at: at('2026-11-03T12:00:00Z'), value: 70, discount: 0 },
      { at: at('2026-11-03T13:00:00Z'), value: 30, discount: 0 },
    ],
  })
  path.add({
    arm: 'holdout',
    messageCost: 0,
    preSpend: 0,
    exposedAt: at('2026-11-02T09:00:00Z'),
    timeline: [],
  })
  const looks = [...path.cumulative('2026-11-04')]
  assert.deepEqual(
    looks.map((l) => l.day),
    ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'],
  )
  const treated = (orders: number, revenue: number, discount: number) =>
    summariseArm(
      [{ arm: 'treatment', orders, revenue, discount, messageCost: 20, preSpend: 100 }],
      'treatment',
    )
  assert.deepEqual(looks[0]?.arms.treatment, treated(1, 50, 5))
  assert.equal(looks[0]?.arms.holdout.n, 0)
  assert.deepEqual(looks[1]?.arms.treatment, treated(1, 50, 5), 'nothing new on the 2nd')
  assert.equal(looks[1]?.arms.holdout.n, 1)
  assert.deepEqual(looks[2]?.arms.treatment, treated(3, 150, 5), 'two more orders on the 3rd, one customer')
  assert.deepEqual(looks[3], { ...looks[2], day: '2026-11-04' })
})

test('the last look of the path is the sums of every unit as they stand', () => {
  const path = new DailyDeltas(dayIn('Asia/Seoul'))
  const units = Array.from({ length: 50 }, (_, i) => ({
    arm: i % 3 === 0 ? ('holdout' as const) : ('treatment' as const),
    messageCost: i % 3 === 0 ? 0 : 15,
    preSpend: (i * 37) % 200,
    exposedAt: at(`2026-11-${String(1 + (i % 5)).padStart(2, '0')}T20:00:00Z`),
    timeline: Array.from({ length: i % 4 }, (_, k) => ({
      at: at(`2026-11-${String(6 + k * 2).padStart(2, '0')}T03:00:00Z`),
      value: 1000 + i * 10 + k,
      discount: k === 0 ? 100 : 0,
    })),
  }))
  for (const u of units) path.add(u)
  const last = [...path.cumulative('2026-11-30')].at(-1)
  const whole = units.map((u) => ({
    arm: u.arm,
    orders: u.timeline.length,
    revenue: u.timeline.reduce((s, o) => s + o.value, 0),
    discount: u.timeline.reduce((s, o) => s + o.discount, 0),
    messageCost: u.messageCost,
    preSpend: u.preSpend,
  }))
  assert.deepEqual(last?.arms.treatment, summariseArm(whole, 'treatment'))
  assert.deepEqual(last?.arms.holdout, summariseArm(whole, 'holdout'))
})

test("days are the shop's calendar days, and follow month ends", () => {
  // 20:00 UTC on 1 November is 05:00 on 2 November in Seoul
  assert.equal(dayIn('Asia/Seoul')(at('2026-11-01T20:00:00Z')), '2026-11-02')
  assert.equal(dayIn('UTC')(at('2026-11-01T20:00:00Z')), '2026-11-01')
  assert.equal(nextDay('2026-02-28'), '2026-03-01')
  assert.equal(nextDay('2026-12-31'), '2027-01-01')
})

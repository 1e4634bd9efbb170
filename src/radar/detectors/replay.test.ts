import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StoredEvent } from '../../events/index.js'
import { random, randomStream } from './fixtures.js'
import { advanceTo, type CustomerRun, detectCustomer, feedEvent, newCustomerRun } from './replay.js'
import type { Signal } from './types.js'

/** The same stream fed event by event, with clock ticks between events and restarts from JSON. */
function chunked(events: StoredEvent[], asOf: number, seed: number): Signal[] {
  const next = random(seed ^ 0x5bd1e995)
  let run: CustomerRun = newCustomerRun('member-1')
  const signals: Signal[] = []
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as StoredEvent
    signals.push(...feedEvent(run, e))
    const following = events[i + 1]?.occurredAt.getTime() ?? asOf + 1
    const now = e.occurredAt.getTime()
    // The clock ticks somewhere before the next event arrives.
    if (next() < 0.3 && following - now > 1)
      signals.push(...advanceTo(run, now + Math.floor(next() * (following - now))))
    if (next() < 0.2) run = JSON.parse(JSON.stringify(run)) as CustomerRun
  }
  signals.push(...advanceTo(run, asOf))
  return signals
}

describe('detectors over random streams', () => {
  it('give the same signals fed event by event with restarts as in one pass', () => {
    const kinds = new Set<string>()
    for (let seed = 1; seed <= 300; seed++) {
      const { events, asOf } = randomStream(seed)
      const once = detectCustomer('member-1', events, asOf)
      const incremental = chunked(events, asOf, seed)
      assert.deepEqual(incremental, once, `seed ${seed}: chunked and one-pass signals differ`)
      const keys = once.map((s) => `${s.kind}/${s.key}`)
      assert.equal(new Set(keys).size, keys.length, `seed ${seed}: a (kind, key) signalled twice`)
      for (const s of once) kinds.add(s.kind)
    }
    assert.equal(kinds.size, 8, `the streams should exercise every kind (got ${[...kinds].join(', ')})`)
  })
})

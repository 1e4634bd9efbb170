import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { PartitionLag } from '../events/index.js'
import { checkReadiness } from './readiness.js'

const lagOf = (events: number, seconds: number): PartitionLag[] => [
  { projector: 'state', part: 0, events: 0, seconds: 0 },
  { projector: 'reactions', part: 7, events, seconds },
]
const sources = (lag: PartitionLag[], pending: string[] = []) => ({
  pendingMigrations: async () => pending,
  lag: async () => lag,
})
const settings = { readyMaxLagSeconds: 30, readyMaxLagEvents: null }

test('ready when the worst partition of any projector is within the lag allowed', async () => {
  assert.deepEqual(await checkReadiness(sources(lagOf(0, 0)), settings), { ready: true })
  assert.deepEqual(await checkReadiness(sources(lagOf(5000, 30)), settings), { ready: true }, 'at the limit')
  assert.deepEqual(await checkReadiness(sources(lagOf(0, 0)), { ...settings, readyMaxLagSeconds: 0 }), {
    ready: true,
  })
})

test('not ready past REEL_READY_MAX_LAG_SECONDS, or REEL_READY_MAX_LAG_EVENTS when set', async () => {
  const late = await checkReadiness(sources(lagOf(2, 30.5)), settings)
  assert.equal(late.ready, false)
  assert.match(late.ready ? '' : late.reason, /30\.5 s behind.*REEL_READY_MAX_LAG_SECONDS \(30\)/)
  const many = await checkReadiness(sources(lagOf(11, 1)), { ...settings, readyMaxLagEvents: 10 })
  assert.match(many.ready ? '' : many.reason, /11 events behind.*REEL_READY_MAX_LAG_EVENTS \(10\)/)
})

test('not ready while a migration is pending, or when the database does not answer (its error kept back)', async () => {
  const pending = await checkReadiness(sources(lagOf(0, 0), ['0901-x', '0902-y']), settings)
  assert.match(pending.ready ? '' : pending.reason, /2 migration\(s\) not applied yet, the first 0901-x/)
  const refused = new Error('connect ECONNREFUSED 10.0.0.5:5432')
  const down = await checkReadiness(
    { pendingMigrations: async () => [], lag: () => Promise.reject(refused) },
    settings,
  )
  assert.deepEqual(down, { ready: false, reason: 'the database does not answer', cause: refused })
})

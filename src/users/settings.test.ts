import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../config/index.js'

test('session lifetimes come from REEL_SESSION_IDLE_HOURS and REEL_SESSION_MAX_DAYS, 12 h and 7 days by default', () => {
  assert.deepEqual(loadConfig({}).sessions, { idleHours: 12, maxDays: 7 })
  assert.deepEqual(loadConfig({ REEL_SESSION_IDLE_HOURS: '0.5', REEL_SESSION_MAX_DAYS: '30' }).sessions, {
    idleHours: 0.5,
    maxDays: 30,
  })
  assert.throws(() => loadConfig({ REEL_SESSION_IDLE_HOURS: '0' }), /REEL_SESSION_IDLE_HOURS: /)
  assert.throws(() => loadConfig({ REEL_SESSION_MAX_DAYS: 'a week' }), /REEL_SESSION_MAX_DAYS: /)
})

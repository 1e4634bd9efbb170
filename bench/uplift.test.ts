import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { test } from 'node:test'
import { DEFAULT_LEARNER } from '../src/uplift/index.js'
import { HILLSTROM_CSV, hillstromTable, runSeeds } from './uplift-protocol.js'

// On a developer machine without the shared data the test is skipped with the reason; on CI it must run.
const absent = !existsSync(HILLSTROM_CSV)
const skip = absent && process.env.CI !== 'true' ? `${HILLSTROM_CSV} is absent (set REEL_TEST_DATA)` : false

test('on Hillstrom (Womens E-Mail vs No E-Mail, visit) the default learner lands in the published range', {
  skip,
}, () => {
  assert.ok(!absent, `${HILLSTROM_CSV} is absent on CI; set REEL_TEST_DATA to the shared data folder`)
  const table = hillstromTable('Womens E-Mail', 'visit')
  // the data folder's README: 21,387 Womens and 21,306 No E-Mail customers
  assert.equal(table.data.rows.length, 42693)
  assert.equal(table.ignoredRows, 21307)
  for (const result of runSeeds(table, DEFAULT_LEARNER, [0, 1])) {
    assert.equal(result.rows.train + result.rows.test, 42693)
    assert.ok(Math.abs(result.rows.test - 0.3 * 42693) < 3)
    // A logistic two-model reaches a Qini of about 0.063 (spread ≈ 0.01-0.02 over seeds) and uplift@30% of
    // about 0.07 on this protocol (issue 12); a random ranking gives 0 and the email's average effect is 0.045.
    assert.ok(result.qini > 0.02 && result.qini < 0.15, `qini ${result.qini}`)
    assert.ok(result.auuc !== null && result.auuc > 0.005 && result.auuc < 0.08, `auuc ${result.auuc}`)
    assert.ok(result.upliftAt30 > 0.045 && result.upliftAt30 < 0.15, `uplift@30 ${result.upliftAt30}`)
  }
})

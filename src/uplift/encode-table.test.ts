import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeTable, requireBinaryOutcome, TableError } from './encode-table.js'
import { stratifiedSplit } from './evaluate.js'

const header = ['arm', 'history', 'flag', 'channel', 'visit']
const rows = [
  ['mail', '10', '1', 'web', '1'],
  ['none', '0', '0', 'phone', '0'],
  ['sms', '5', '1', 'web', '1'],
  ['mail', '99', '0', 'phone', '0'],
  ['none', '3', '1', 'web', '2'],
].map((fields, i) => ({ line: i + 2, fields }))
const options = {
  treatmentColumn: 'arm',
  treatmentValue: 'mail',
  controlValue: 'none',
  outcomeColumn: 'visit',
}

test('the two arms are encoded: numbers as they are (with log1p when non-negative), text one-hot', () => {
  const { data, lines, ignoredRows } = encodeTable(header, rows, options)
  assert.deepEqual(data.featureNames, ['history', 'log1p(history)', 'flag', 'channel=phone', 'channel=web'])
  assert.deepEqual(data.rows[0], [10, Math.log1p(10), 1, 0, 1])
  assert.deepEqual(data.rows[2], [99, Math.log1p(99), 0, 1, 0])
  assert.deepEqual(data.treatment, [1, 0, 1, 0])
  assert.deepEqual(data.outcome, [1, 0, 0, 2])
  assert.deepEqual(lines, [2, 3, 5, 6])
  assert.equal(ignoredRows, 1)
  assert.throws(
    () => requireBinaryOutcome({ data, lines, ignoredRows }, 'visit'),
    /line 6: .*'visit' holds 2/,
  )
})

test('a missing column, an absent arm value or a non-number outcome is refused by name', () => {
  assert.throws(() => encodeTable(header, rows, { ...options, outcomeColumn: 'buy' }), /outcome column 'buy'/)
  assert.throws(
    () => encodeTable(header, rows, { ...options, controlValue: 'post' }),
    /'post' never occurs in column 'arm'/,
  )
  assert.throws(
    () => encodeTable(header, rows, { ...options, featureColumns: ['visit'] }),
    /cannot be a feature/,
  )
  const broken = rows.map((r) => (r.line === 3 ? { ...r, fields: ['none', '0', '0', 'phone', 'yes'] } : r))
  assert.throws(
    () => encodeTable(header, broken, options),
    (e) => e instanceof TableError && /line 3/.test(e.message),
  )
})

test('the split holds out the share of every arm × outcome stratum, and the seed replays it', () => {
  const treatment = Array.from({ length: 1000 }, (_, i) => i % 2)
  const outcome = Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0))
  const { train, test: held } = stratifiedSplit(treatment, outcome, 0.3, 9)
  assert.equal(train.length + held.length, 1000)
  assert.equal(new Set([...train, ...held]).size, 1000)
  for (const arm of [0, 1])
    for (const y of [0, 1]) {
      const size = treatment.filter((t, i) => t === arm && outcome[i] === y).length
      const inTest = held.filter((i) => treatment[i] === arm && outcome[i] === y).length
      assert.equal(inTest, Math.round(0.3 * size))
    }
  assert.deepEqual(stratifiedSplit(treatment, outcome, 0.3, 9).test, held)
  assert.notDeepEqual(stratifiedSplit(treatment, outcome, 0.3, 10).test, held)
})

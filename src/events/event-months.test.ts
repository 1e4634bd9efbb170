import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  addMonths,
  expiredPartitions,
  monthStart,
  monthsToPrepare,
  partitionName,
  retentionCutoff,
} from './event-months.js'

const iso = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null

test('a month starts at midnight UTC on its first day, whatever the time of day', () => {
  assert.equal(monthStart(new Date('2026-12-31T23:59:59.999Z')).toISOString(), '2026-12-01T00:00:00.000Z')
  assert.equal(iso(addMonths(new Date('2026-11-01T00:00:00Z'), 2)), '2027-01-01')
  assert.equal(iso(addMonths(new Date('2026-01-01T00:00:00Z'), -1)), '2025-12-01')
})

test('partitions are prepared for the current month and the months ahead, across a year end', () => {
  assert.deepEqual(monthsToPrepare(new Date('2026-11-20T10:00:00Z'), 2).map(iso), [
    '2026-11-01',
    '2026-12-01',
    '2027-01-01',
  ])
})

test("a month's partition is named as pg_partman names a monthly child", () => {
  assert.equal(partitionName(new Date('2026-03-01T00:00:00Z')), 'events_p20260301')
})

test('retention keeps the running month and the whole months before it that it was asked to keep', () => {
  const now = new Date('2026-12-15T00:00:00Z')
  assert.equal(iso(retentionCutoff(now, 3)), '2026-09-01')
  assert.equal(retentionCutoff(now, null), null, 'unset keeps the log forever')
  const month = (from: string, to: string) => ({ name: from, from: new Date(from), to: new Date(to) })
  const partitions = [
    month('2026-09-01', '2026-10-01'),
    month('2026-07-01', '2026-08-01'),
    month('2026-08-01', '2026-09-01'),
    month('2026-12-01', '2027-01-01'),
  ]
  assert.deepEqual(
    expiredPartitions(partitions, retentionCutoff(now, 3)).map((p) => p.name),
    ['2026-07-01', '2026-08-01'],
  )
  assert.deepEqual(expiredPartitions(partitions, null), [])
})

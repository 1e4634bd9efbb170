import assert from 'node:assert/strict'
import { test } from 'node:test'
import { renderSkipped, skippedOf } from './skip-reporter.js'

const event = (data: Record<string, unknown>, type = 'test:pass') => ({ type, data })

test('skipped suites are counted and listed under their reason with their file; run tests are not', () => {
  const reason = 'set REEL_TEST_DATABASE_URL to run the PostgreSQL tests'
  const events = [
    event({
      name: 'coupons (postgres)',
      skip: reason,
      file: '/repo/src/coupons/a.test.ts',
      details: { type: 'suite' },
    }),
    event({
      name: 'radar (postgres)',
      skip: reason,
      file: '/repo/src/radar/b.test.ts',
      details: { type: 'suite' },
    }),
    event({
      name: 'olist facts',
      skip: true,
      file: '/repo/src/imports/c.test.ts',
      details: { type: 'test' },
    }),
    event({ name: 'runs', file: '/repo/src/imports/c.test.ts', details: { type: 'test' } }),
    event({ name: 'fails', skip: false }, 'test:fail'),
    event({ name: 'coupons (embedded)', file: '/repo/src/coupons/a.test.ts', details: { type: 'suite' } }),
  ]
  const skipped = events.map(skippedOf).filter((s) => s !== undefined)
  assert.equal(
    renderSkipped(skipped, '/repo'),
    [
      'ℹ skipped suites 2, skipped tests 1 (tests inside skipped suites are not run)',
      `  ﹣ 2 × ${reason}`,
      '      suite "coupons (postgres)" (src/coupons/a.test.ts)',
      '      suite "radar (postgres)" (src/radar/b.test.ts)',
      '  ﹣ 1 × no reason given',
      '      test "olist facts" (src/imports/c.test.ts)',
      '',
    ].join('\n'),
  )
})

test('with nothing skipped the summary says so', () => {
  assert.equal(
    renderSkipped([]),
    'ℹ skipped suites 0, skipped tests 0 (tests inside skipped suites are not run)\n',
  )
})

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { runCli } from './test-support.js'

const scratch = mkdtempSync(join(tmpdir(), 'reel-uplift-cli-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

/** A randomised trial of 600 customers in three arms, written as a CSV file (deterministic, no generator). */
function trialCsv(): string {
  const lines = ['customer,arm,visits,region,bought,spend']
  for (let i = 0; i < 600; i++) {
    const arm = ['mail', 'none', 'sms'][i % 3]!
    const visits = (i * 7) % 13
    const region = ['north', 'south', 'east'][(i * 5) % 3]!
    // mail moves frequent visitors; everyone else buys on a fixed pattern
    const bought = (arm === 'mail' && visits > 6 && i % 4 !== 0) || i % 9 === 0 ? 1 : 0
    lines.push(`c${i},${arm},${visits},${region},${bought},${bought ? 20 + (i % 30) : 0}`)
  }
  return `${lines.join('\n')}\n`
}
const csv = join(scratch, 'trial.csv')
writeFileSync(csv, trialCsv())

const base = ['uplift', 'evaluate', '--csv', csv, '--treatment-col', 'arm', '--treatment-value', 'mail']
const args = (...more: string[]) => [...base, '--control-value', 'none', '--seed', '4', ...more]

test('reel uplift evaluate --json prints the learner, the three metrics and the split sizes of the two arms', async () => {
  const result = await runCli(args('--outcome', 'bought', '--features', 'visits,region', '--json'), {})
  assert.equal(result.code, 0, result.stderr)
  const printed = JSON.parse(result.stdout)
  assert.deepEqual(Object.keys(printed), ['learner', 'qini', 'auuc', 'upliftAt30', 'rows'])
  assert.equal(printed.learner, 'two-model-logistic')
  // 400 rows of mail or none (the sms arm is ignored), 30% of each arm × outcome stratum in the test part
  assert.equal(printed.rows.train + printed.rows.test, 400)
  assert.ok(Math.abs(printed.rows.test - 120) <= 2, `test rows ${printed.rows.test}`)
  // the mail effect is strong and depends on visits alone: any sane learner ranks it well
  assert.ok(printed.qini > 0.1 && printed.qini <= 1, `qini ${printed.qini}`)
  assert.ok(printed.upliftAt30 > 0.3, `uplift@30 ${printed.upliftAt30}`)
  const again = await runCli(args('--outcome', 'bought', '--features', 'visits,region', '--json'), {})
  assert.equal(again.stdout, result.stdout, 'the same seed gives the same split and the same figures')
})

test('a continuous outcome runs the regression learner, and its AUUC is null rather than made up', async () => {
  const result = await runCli(args('--outcome', 'spend', '--features', 'visits,region', '--json'), {})
  assert.equal(result.code, 0, result.stderr)
  const printed = JSON.parse(result.stdout)
  assert.equal(printed.learner, 'two-model-ridge')
  assert.equal(printed.auuc, null)
  assert.ok(Number.isFinite(printed.qini) && Number.isFinite(printed.upliftAt30))
})

test('bad input exits 2 with a message that names the column, the value, the line or the file', async () => {
  const cases: [string[], RegExp][] = [
    [args('--outcome', 'purchased'), /outcome column 'purchased' is not in the header/],
    [
      args('--outcome', 'bought', '--features', 'visits,colour'),
      /feature column 'colour' is not in the header/,
    ],
    [
      [...base, '--control-value', 'nobody', '--seed', '1', '--outcome', 'bought'],
      /the value 'nobody' never occurs in column 'arm'/,
    ],
    // c0 (line 2, arm mail, i % 9 = 0) bought for 20
    [
      args('--outcome', 'spend', '--features', 'visits', '--learner', 'two-model-logistic'),
      /line 2: outcome column 'spend' holds 20; a classifier needs 0 or 1/,
    ],
    [
      args('--outcome', 'bought'),
      /column 'customer' has 400 distinct values \(line 2: 'c0' is not a number\)/,
    ],
    [
      ['uplift', 'evaluate', '--csv', join(scratch, 'absent.csv'), ...args('--outcome', 'bought').slice(4)],
      /cannot read .*absent\.csv: there is no such file/,
    ],
    [args('--outcome', 'bought', '--test-share', '1.5'), /share between 0 and 1/],
  ]
  for (const [cliArgs, message] of cases) {
    const result = await runCli(cliArgs, {})
    assert.equal(result.code, 2, `${cliArgs.join(' ')}: ${result.stderr}`)
    assert.match(result.stderr, message)
    assert.equal(result.stdout, '')
  }
})

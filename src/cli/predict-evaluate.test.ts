import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { dataTest } from '../imports/test-support.js'
import { runCli } from './test-support.js'

const scratch = mkdtempSync(join(tmpdir(), 'reel-predict-cli-'))
after(() => rmSync(scratch, { recursive: true, force: true }))
const PERIODS = ['--calibration-end', '1997-09-30', '--holdout-end', '1998-06-30']

dataTest(
  'reel predict evaluate --json on CDNOW prints the parameters and the holdout',
  'cdnow/CDNOW_sample.txt',
  async (path) => {
    const out = await runCli(
      ['predict', 'evaluate', '--file', path, '--format', 'cdnow', ...PERIODS, '--json'],
      {},
    )
    assert.equal(out.code, 0, out.stderr)
    const result = JSON.parse(out.stdout)
    assert.equal(result.bgnbd.r.toFixed(3), '0.243')
    assert.equal(result.gammaGamma.gamma.toFixed(2), '15.44')
    assert.equal(result.holdout.actual, 1882)
    for (const field of ['predicted', 'maePerCustomer', 'naiveMae'])
      assert.equal(typeof result.holdout[field], 'number')
  },
)

test('reel predict evaluate refuses a bad file, naming the line, and a holdout before its calibration', async () => {
  const csv = join(scratch, 'bad.csv')
  writeFileSync(csv, 'customer_id,date,amount\nc1,2024-01-01,10\nc1,2024-02-30,10\n')
  const bad = await runCli(['predict', 'evaluate', '--file', csv, '--format', 'csv', ...PERIODS], {})
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /line 3: date "2024-02-30" is not a YYYY-MM-DD date/)
  const backwards = await runCli(
    ['predict', 'evaluate', '--file', csv, '--calibration-end', '1998-06-30', '--holdout-end', '1997-09-30'],
    {},
  )
  assert.equal(backwards.code, 2)
  assert.match(backwards.stderr, /--holdout-end must come after --calibration-end/)
})

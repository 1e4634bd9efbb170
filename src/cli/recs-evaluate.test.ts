import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { runCli } from './test-support.js'

const scratch = mkdtempSync(join(tmpdir(), 'reel-recs-cli-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

function file(name: string, content: unknown): string {
  const path = join(scratch, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

/** 40 shoppers: each buys their staple and bread; whoever bought jam then buys butter. */
const shop = Object.fromEntries(
  Array.from({ length: 40 }, (_, i) => [
    `u${i}`,
    [
      [`staple${i % 4}`, 'bread'],
      ['jam', `staple${i % 4}`],
      ['butter', `staple${i % 4}`],
    ],
  ]),
)

test('reel recs evaluate --json prints Reel and the three baselines, on all items and on new ones', async () => {
  const out = await runCli(
    ['recs', 'evaluate', '--file', file('shop.json', shop), '--seed', '3', '--k', '2', '--json'],
    {},
  )
  assert.equal(out.code, 0, out.stderr)
  const result = JSON.parse(out.stdout)
  assert.equal(result.k, 2)
  assert.deepEqual(Object.keys(result.methods), ['reel', 'G-TopFreq', 'P-TopFreq', 'GP-TopFreq'])
  assert.deepEqual(Object.keys(result.newItems.methods), ['reel', 'G-TopFreq', 'P-TopFreq', 'GP-TopFreq'])
  assert.deepEqual(result.users, { train: 32, test: 8, testWithNewItems: 8 })
  // The target is butter plus the staple: the staple is repeat, butter is "bought jam, needs butter".
  assert.deepEqual(result.methods.reel, { recall: 1, ndcg: 1, phr: 1 })
  assert.equal(result.methods['P-TopFreq'].recall, 0.5)
  assert.equal(result.newItems.methods.reel.recall, 1)
})

test('reel recs evaluate prints a table, and a file not in the benchmark format exits 2 naming the entry', async () => {
  const table = await runCli(['recs', 'evaluate', '--file', file('shop.json', shop), '--k', '2'], {})
  assert.equal(table.code, 0, table.stderr)
  assert.match(table.stdout, /method +Recall@2 NDCG@2 PHR@2\nreel +1\.0000 +1\.0000 +1\.0000/)
  const bad = await runCli(
    ['recs', 'evaluate', '--file', file('bad.json', { u1: [[1], [2, { id: 3 }]] })],
    {},
  )
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /user "u1", basket 1, item 1: expected an item id, found an object/)
  const missing = await runCli(['recs', 'evaluate', '--file', join(scratch, 'nowhere.json')], {})
  assert.equal(missing.code, 2)
  assert.match(missing.stderr, /cannot read/)
  const share = await runCli(['recs', 'evaluate', '--file', file('shop.json', shop), '--test-share', '0'], {})
  assert.equal(share.code, 2)
  assert.match(share.stderr, /--test-share/)
})

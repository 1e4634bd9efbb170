import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, test } from 'node:test'
import { freshEmbeddedDir } from '../test-support/engines.js'
import { runCli } from './test-support.js'

let dataDir = ''
after(() => rmSync(dataDir, { recursive: true, force: true }))

test('reel users add takes a piped password, refuses a short one, and list and remove follow', async () => {
  dataDir = await freshEmbeddedDir()
  const env = { REEL_DATA_DIR: dataDir }
  const short = await runCli(['users', 'add', 'mina@shop.kr', '--role', 'marketer'], env, 'eleven char\n')
  assert.equal(short.code, 1)
  assert.match(short.stderr, /at least 12 characters/)
  const badRole = await runCli(['users', 'add', 'mina@shop.kr', '--role', 'owner'], env, 'long enough pass\n')
  assert.equal(badRole.code, 1)
  assert.match(badRole.stderr, /--role must be one of viewer, marketer, admin/)
  const added = await runCli(
    ['users', 'add', 'mina@shop.kr', '--role', 'marketer'],
    env,
    'long enough pass\n',
  )
  assert.equal(added.code, 0, added.stderr)
  assert.equal(added.stdout, 'added mina@shop.kr (marketer)\n')
  const taken = await runCli(['users', 'add', 'MINA@shop.kr', '--role', 'viewer'], env, 'long enough pass\n')
  assert.equal(taken.code, 1)
  assert.match(taken.stderr, /already a user MINA@shop\.kr/)
  assert.match((await runCli(['users', 'list'], env)).stdout, /^mina@shop\.kr\tmarketer\t\d{4}-/m)
  const removed = await runCli(['users', 'remove', 'Mina@Shop.kr'], env)
  assert.equal(removed.code, 0, removed.stderr)
  assert.equal((await runCli(['users', 'list'], env)).stdout, '')
})

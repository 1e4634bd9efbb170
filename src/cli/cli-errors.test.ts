import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { freshEmbeddedDir } from '../test-support/engines.js'
import { freePort, spawnServer, stopServer, waitForHealth } from '../test-support/server-process.js'
import { announcedSecrets, runCli } from './test-support.js'

const scratch = mkdtempSync(join(tmpdir(), 'reel-cli-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

test('reel import of a missing path names it, exits 1 and creates no data folder', async () => {
  const dataDir = join(scratch, 'import-missing')
  const missing = join(scratch, 'no-such-orders.csv')
  for (const args of [
    ['import', missing],
    ['import', missing, '--format', 'uci'],
    ['import', missing, '--dry-run'],
  ]) {
    const result = await runCli(args, { REEL_DATA_DIR: dataDir })
    assert.equal(result.code, 1)
    assert.equal(result.stderr.trim(), `reel: cannot import ${missing}: there is no such file or folder`)
    assert.ok(!existsSync(dataDir), `${args.join(' ')} created the data folder`)
  }
})

test('an import that fails before storing anything removes the data folder it created', async () => {
  const dataDir = join(scratch, 'import-failed')
  const csv = join(scratch, 'not-orders.csv')
  writeFileSync(csv, 'name,colour\nsock,red\n')
  const result = await runCli(['import', csv], { REEL_DATA_DIR: dataDir })
  assert.equal(result.code, 1)
  assert.match(result.stderr, /order_id/, 'the missing column is named')
  assert.match(result.stderr, /nothing was stored, so the data folder .* is removed/)
  assert.ok(!existsSync(dataDir))
})

test('a failing command keeps a data folder it did not create', async () => {
  const dataDir = await freshEmbeddedDir()
  try {
    const result = await runCli(['keys', 'revoke', 'no-such-key'], { REEL_DATA_DIR: dataDir })
    assert.equal(result.code, 1)
    assert.ok(existsSync(join(dataDir, 'pgdata', 'PG_VERSION')))
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test("reel coupons wallet-link builds the running server's links: its PORT, or REEL_PUBLIC_URL", async () => {
  const dataDir = await freshEmbeddedDir()
  const port = await freePort()
  const server = spawnServer({ PORT: String(port), REEL_DATA_DIR: dataDir })
  try {
    await waitForHealth(server)
    const { writeKey } = announcedSecrets(server.output())
    const stored = await fetch(`${server.url}/v1/identify`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ userId: 'member-1', traits: { email: 'm1@example.com' } }),
    })
    assert.equal(stored.status, 200)
    // The command runs without the server's PORT, as from another terminal.
    const link = await runCli(['coupons', 'wallet-link', 'member-1'], { REEL_DATA_DIR: dataDir })
    assert.equal(link.code, 0, link.stderr)
    assert.match(link.stdout.trim(), new RegExp(`^http://127\\.0\\.0\\.1:${port}/w/\\S+$`))
    const page = await fetch(link.stdout.trim().replace(`http://127.0.0.1:${port}`, server.url))
    assert.equal(page.status, 200)
    const configured = await runCli(['coupons', 'wallet-link', 'member-1'], {
      REEL_DATA_DIR: dataDir,
      REEL_PUBLIC_URL: 'https://shop.example/reel/',
    })
    assert.match(configured.stdout.trim(), /^https:\/\/shop\.example\/reel\/w\/\S+$/)
  } finally {
    await stopServer(server, 'SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
})

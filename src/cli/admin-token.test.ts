import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { dropDatabase, engines, freshEmbeddedDir, freshPostgresUrl } from '../test-support/engines.js'
import { freePort, spawnServer, stopServer, waitForHealth } from '../test-support/server-process.js'
import { announcedSecrets, runCli } from './test-support.js'

const scratch = mkdtempSync(join(tmpdir(), 'reel-cli-secrets-'))
const made: string[] = [scratch]
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})
/** A migrated data folder without secrets yet, like a new one but faster to start (no initdb). */
const migratedDataDir = async () => {
  const dir = await freshEmbeddedDir()
  made.push(dir)
  return dir
}

const statsWith = async (url: string, token: string) =>
  (await fetch(`${url}/api/v1/stats`, { headers: { authorization: `Bearer ${token}` } })).status

test('a command run before the first serve prints the secrets it created; admin-token show and keys list show them again', async () => {
  // A data folder that does not exist yet: the command creates it.
  const env = { REEL_DATA_DIR: join(scratch, 'new-data') }
  const first = await runCli(['keys', 'list'], env)
  assert.equal(first.code, 0, first.stderr)
  const { adminToken, writeKey } = announcedSecrets(first.stderr)
  assert.match(adminToken ?? '', /^rat_/)
  assert.ok(writeKey)
  const show = await runCli(['admin-token', 'show'], env)
  assert.equal(show.code, 0, show.stderr)
  assert.equal(show.stdout.trim(), adminToken)
  assert.deepEqual(announcedSecrets(show.stderr), {}, 'secrets are announced only when created')
  assert.match(
    (await runCli(['keys', 'list'], env)).stdout,
    new RegExp(`^${writeKey}\\tdefault\\tactive$`, 'm'),
  )
})

test('a first start on a busy port exits 1 naming PORT and HOST, and has printed the secrets it created', async () => {
  const busy = createServer()
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
  try {
    const port = (busy.address() as { port: number }).port
    const dataDir = await migratedDataDir()
    const server = spawnServer({ PORT: String(port), REEL_DATA_DIR: dataDir })
    const { code } = await server.exited
    assert.equal(code, 1)
    assert.match(server.output(), new RegExp(`PORT=${port}, HOST=127\\.0\\.0\\.1\\) is already in use`))
    assert.match(server.output(), /set PORT to a free port/)
    const { adminToken } = announcedSecrets(server.output())
    assert.ok(adminToken, server.output())
    const show = await runCli(['admin-token', 'show'], { REEL_DATA_DIR: dataDir })
    assert.equal(show.stdout.trim(), adminToken)
  } finally {
    await new Promise((resolve) => busy.close(resolve))
  }
})

for (const engine of engines)
  describe(`admin-token rotate against a running server (${engine.name})`, { skip: engine.skip }, () => {
    test('the old token is refused at once and the new one accepted, without a restart', async () => {
      const databaseUrl = engine.name === 'postgres' ? await freshPostgresUrl() : undefined
      const env: Record<string, string> = databaseUrl
        ? { REEL_DATABASE_URL: databaseUrl }
        : { REEL_DATA_DIR: await migratedDataDir() }
      const server = spawnServer({ ...env, PORT: String(await freePort()) })
      try {
        await waitForHealth(server)
        const old = announcedSecrets(server.output()).adminToken ?? ''
        assert.equal(await statsWith(server.url, old), 200)
        const rotated = await runCli(['admin-token', 'rotate'], env)
        assert.equal(rotated.code, 0, rotated.stderr)
        const fresh = rotated.stdout.trim()
        assert.match(fresh, /^rat_/)
        assert.notEqual(fresh, old)
        assert.equal(await statsWith(server.url, old), 401)
        assert.equal(await statsWith(server.url, fresh), 200)
        assert.equal((await runCli(['admin-token', 'show'], env)).stdout.trim(), fresh)
      } finally {
        await stopServer(server, 'SIGTERM')
        if (databaseUrl) await dropDatabase(databaseUrl)
      }
    })
  })

test('with REEL_ADMIN_TOKEN set, show prints that token and rotate refuses, naming the variable', async () => {
  const env = { REEL_DATA_DIR: await migratedDataDir(), REEL_ADMIN_TOKEN: 'configured-admin-token-0123' }
  const show = await runCli(['admin-token', 'show'], env)
  assert.equal(show.stdout.trim(), 'configured-admin-token-0123')
  assert.match(show.stderr, /REEL_ADMIN_TOKEN is set/)
  const rotate = await runCli(['admin-token', 'rotate'], env)
  assert.equal(rotate.code, 1)
  assert.equal(rotate.stdout, '')
  assert.match(rotate.stderr, /REEL_ADMIN_TOKEN is set.*set a new REEL_ADMIN_TOKEN where the server runs/)
})

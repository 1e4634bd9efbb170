/**
 * `reel keys revoke` runs in a process of its own beside the server: the server must refuse the key from the
 * very next request, with no grace period in which a leaked key keeps writing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { runCli } from '../cli/test-support.js'
import { basicAuth, engines, TEST_WRITE_KEY } from '../test-support/engines.js'
import { type ServedReel, serveFresh } from '../test-support/served-reel.js'

for (const engine of engines) {
  describe(`revoking a write key on ${engine.name}`, { skip: engine.skip }, () => {
    let served: ServedReel
    before(async () => {
      served = await serveFresh(engine.name)
    })
    after(() => served?.stop())

    const track = (key: string, messageId: string, viaBody = false) =>
      fetch(`${served.server.url}/v1/track`, {
        method: 'POST',
        headers: viaBody
          ? { 'content-type': 'text/plain' }
          : { authorization: basicAuth(key), 'content-type': 'application/json' },
        body: JSON.stringify({
          ...(viaBody ? { writeKey: key } : {}),
          messageId,
          anonymousId: 'visitor-1',
          event: 'Product Viewed',
        }),
      })

    test('a key revoked with reel keys revoke is refused from the next request on, by header or in the body', async () => {
      const added = await runCli(['keys', 'add', 'web shop'], served.env)
      assert.equal(added.code, 0, added.stderr)
      const key = added.stdout.trim().split('\n').at(-1) ?? ''
      assert.match(key, /^wk_/)
      assert.equal((await track(key, 'before-1')).status, 200)
      assert.equal((await track(key, 'before-2', true)).status, 200)

      const revoked = await runCli(['keys', 'revoke', key], served.env)
      assert.equal(revoked.code, 0, revoked.stderr)
      assert.match(revoked.stdout, /revoked/)

      const next = await track(key, 'after-1')
      assert.equal(next.status, 401)
      assert.equal(((await next.json()) as { error: { code: string } }).error.code, 'REEL_ERR_UNAUTHORIZED')
      assert.equal((await track(key, 'after-2', true)).status, 401)
      assert.equal((await track(TEST_WRITE_KEY, 'other-key')).status, 200, 'other keys keep working')
    })
  })
}

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { basicAuth, bearer, engines } from '../test-support/engines.js'
import { buildHttp } from './server.js'

// Raw JSON text, so the escapes reach the server exactly as a client's serializer writes them.
const NUL = '\\u0000'
const LONE = '\\ud83d'

for (const engine of engines) {
  describe(`strings the database cannot store, over HTTP on ${engine.name}`, { skip: engine.skip }, () => {
    let reel: Reel
    let app: FastifyInstance
    before(async () => {
      reel = await engine.start()
      app = await buildHttp(reel, { logger: false })
    })
    after(async () => {
      await app?.close()
      await reel?.close()
    })

    const track = (url: string, payload: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: { authorization: basicAuth(), 'content-type': 'application/json' },
        payload,
      })
    const events = async (messageId: string) =>
      (
        await app.inject({
          url: `/api/v1/events?messageId=${messageId}`,
          headers: { authorization: bearer() },
        })
      ).json().events

    test('/v1/batch stores the good events and the one with a NUL, repaired, and lists the repair', async () => {
      const response = await track(
        '/v1/batch',
        `{"batch":[{"type":"track","userId":"u","event":"A${NUL}B","messageId":"m1"},` +
          `{"type":"track","userId":"u","event":"Fine","messageId":"m2","properties":{"name":"Shirt ${LONE}"}}]}`,
      )
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), {
        success: true,
        accepted: 2,
        duplicates: 0,
        quarantined: [],
        repaired: [
          { index: 0, field: 'event', problem: 'contains a NUL character' },
          { index: 1, field: 'properties.name', problem: 'contains a lone UTF-16 surrogate' },
        ],
      })
      assert.equal((await events('m1'))[0]?.event, 'A\uFFFDB')
      assert.equal((await events('m2'))[0]?.properties.name, 'Shirt \uFFFD')
    })

    test('the single calls repair too, a key included', async () => {
      const response = await track(
        '/v1/track',
        `{"userId":"u","event":"Viewed","messageId":"m3","properties":{"k${NUL}":"v"}}`,
      )
      assert.equal(response.statusCode, 200)
      assert.equal(response.json().accepted, 1)
      assert.deepEqual(response.json().repaired, [
        { index: 0, field: 'properties.k\uFFFD', problem: 'the key contains a NUL character' },
      ])
    })
  })
}

/**
 * The tracking API's two 429s, each with the Retry-After that Segment's libraries wait for: too many
 * batches being stored at once, and too many requests a minute from one address or with one key.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { addWriteKey, type EventIngestor } from '../events/index.js'
import { basicAuth, engines } from '../test-support/engines.js'
import { buildHttp } from './server.js'
import type { HttpSettings } from './settings.js'

for (const engine of engines) {
  describe(`ingestion limits on ${engine.name}`, { skip: engine.skip }, () => {
    let reel: Reel
    const apps: FastifyInstance[] = []
    before(async () => {
      reel = await engine.start()
    })
    after(async () => {
      for (const app of apps) await app.close()
      await reel?.close()
    })

    /** An HTTP front on the same Reel with other settings (and, if given, another ingestor). */
    async function front(
      http: Partial<HttpSettings>,
      options: { maxInflightBatches?: number; ingestor?: EventIngestor } = {},
    ): Promise<FastifyInstance> {
      const app = await buildHttp(
        {
          ...reel,
          ingestor: options.ingestor ?? reel.ingestor,
          config: {
            ...reel.config,
            maxInflightBatches: options.maxInflightBatches ?? reel.config.maxInflightBatches,
            http: { ...reel.config.http, ...http },
          },
        },
        { logger: false },
      )
      apps.push(app)
      return app
    }

    let sent = 0
    const batch = (app: FastifyInstance, key?: string, remoteAddress = '127.0.0.1', headers = {}) =>
      app.inject({
        method: 'POST',
        url: '/v1/batch',
        remoteAddress,
        headers: { authorization: basicAuth(key), 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({
          batch: [
            { type: 'track', messageId: `limits-${sent++}`, anonymousId: 'v-1', event: 'Product Viewed' },
          ],
        }),
      })

    test('batches beyond REEL_MAX_INFLIGHT_BATCHES get 429 with Retry-After while the others are stored', async () => {
      let release = () => {}
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      let waiting = 0
      let arrived = () => {}
      const bothArrived = new Promise<void>((resolve) => {
        arrived = resolve
      })
      const held: EventIngestor = {
        settle: (position) => reel.ingestor.settle(position),
        async ingest(messages, options) {
          if (++waiting === 2) arrived()
          await gate
          return reel.ingestor.ingest(messages, options)
        },
      }
      const app = await front({}, { maxInflightBatches: 2, ingestor: held })
      const first = batch(app)
      const second = batch(app)
      await bothArrived
      const third = await batch(app)
      assert.equal(third.statusCode, 429)
      assert.equal(third.headers['retry-after'], '1')
      assert.equal(third.json().error.code, 'REEL_ERR_OVERLOADED')
      release()
      assert.deepEqual(
        (await Promise.all([first, second])).map((r) => r.json().accepted),
        [1, 1],
      )
      const afterwards = await batch(app)
      assert.equal(afterwards.statusCode, 200, 'the slots are free again once the batches are answered')
    })

    test('more requests a minute from one address than REEL_RATE_LIMIT_PER_IP get 429 with Retry-After; other addresses go on', async () => {
      const app = await front({ rateLimitPerIp: 3, rateLimitPerKey: 0 })
      for (let i = 0; i < 3; i++) assert.equal((await batch(app, undefined, '203.0.113.7')).statusCode, 200)
      const limited = await batch(app, undefined, '203.0.113.7')
      assert.equal(limited.statusCode, 429)
      assert.equal(limited.json().error.code, 'REEL_ERR_RATE_LIMITED')
      assert.match(limited.json().error.message, /from this address/)
      const retryAfter = Number(limited.headers['retry-after'])
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers['retry-after']}`)
      assert.equal((await batch(app, undefined, '203.0.113.8')).statusCode, 200)
    })

    test('more requests a minute with one write key than REEL_RATE_LIMIT_PER_KEY get 429 with Retry-After; other keys go on', async () => {
      const app = await front({ rateLimitPerIp: 0, rateLimitPerKey: 3 })
      const other = await addWriteKey(reel.database.db, 'backend')
      // Many visitors, one key: the key's limit holds whatever the addresses.
      for (let i = 0; i < 3; i++)
        assert.equal((await batch(app, undefined, `198.51.100.${i}`)).statusCode, 200)
      const limited = await batch(app, undefined, '198.51.100.99')
      assert.equal(limited.statusCode, 429)
      assert.match(limited.json().error.message, /with this write key/)
      const retryAfter = Number(limited.headers['retry-after'])
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers['retry-after']}`)
      assert.equal((await batch(app, other)).statusCode, 200)
    })

    test('behind a trusted proxy each visitor’s forwarded address has its own limit', async () => {
      const app = await front({ rateLimitPerIp: 1, rateLimitPerKey: 0, trustProxy: '127.0.0.1' })
      const from = (visitor: string) => batch(app, undefined, '127.0.0.1', { 'x-forwarded-for': visitor })
      assert.equal((await from('192.0.2.1')).statusCode, 200)
      assert.equal((await from('192.0.2.2')).statusCode, 200)
      assert.equal((await from('192.0.2.1')).statusCode, 429)
    })
  })
}

/**
 * What Segment's browser libraries send, as the server sees it: CORS preflights, JSON posted as text/plain,
 * the one-letter paths of analytics-next, and the write key in the body instead of a header.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { basicAuth, bearer, engines, TEST_WRITE_KEY } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'

const SHOP = 'https://shop.example'

for (const engine of engines) {
  describe(`browser tracking calls on ${engine.name}`, { skip: engine.skip }, () => {
    const served = httpOnEngine(engine)

    const preflight = (url: string, origin = SHOP) =>
      served.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-retry-count',
        },
      })
    /** A post as a page makes it; `authorization: null` sends none. */
    const browserPost = (url: string, body: unknown, headers: { authorization?: string | null } = {}) => {
      const authorization = headers.authorization === undefined ? basicAuth() : headers.authorization
      return served.app.inject({
        method: 'POST',
        url,
        headers: { origin: SHOP, 'content-type': 'text/plain', ...(authorization ? { authorization } : {}) },
        payload: JSON.stringify(body),
      })
    }
    const eventsOf = async (customer: string) =>
      (
        await served.app.inject({
          method: 'GET',
          url: `/api/v1/events?customer=${encodeURIComponent(customer)}`,
          headers: { authorization: bearer() },
        })
      ).json().events as { type: string; messageId: string; event: string | null }[]

    test('a page on any origin may preflight every tracking path with Authorization, cached for two hours', async () => {
      for (const path of ['/v1/batch', '/v1/b', '/v1/t', '/v1/i', '/v1/p', '/v1/track', '/v1/identify']) {
        const res = await preflight(path)
        assert.equal(res.statusCode, 204, path)
        assert.equal(res.headers['access-control-allow-origin'], SHOP, path)
        assert.equal(res.headers['access-control-allow-credentials'], 'true')
        assert.match(String(res.headers['access-control-allow-methods']), /POST/)
        const allowed = String(res.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/)
        for (const header of ['authorization', 'content-type', 'x-retry-count'])
          assert.ok(allowed.includes(header), `${header} is allowed on ${path}`)
        assert.equal(res.headers['access-control-max-age'], '7200')
      }
    })

    test('the admin and wallet APIs answer no preflight and carry no CORS header', async () => {
      for (const path of ['/api/v1/stats', '/api/v1/customers/u-1', '/wallet/v1/coupons', '/health']) {
        const res = await preflight(path)
        assert.ok(res.statusCode >= 400, `${path}: ${res.statusCode}`)
        assert.equal(res.headers['access-control-allow-origin'], undefined, path)
      }
      const stats = await served.app.inject({
        method: 'GET',
        url: '/api/v1/stats',
        headers: { origin: SHOP, authorization: bearer() },
      })
      assert.equal(stats.statusCode, 200)
      assert.equal(stats.headers['access-control-allow-origin'], undefined)
    })

    test('JSON posted as text/plain to the one-letter paths is stored with the type of its path', async () => {
      const calls: [string, string, Record<string, unknown>][] = [
        ['/v1/p', 'page', { name: 'Home' }],
        ['/v1/t', 'track', { event: 'Product Viewed', properties: { product_id: 'p-1', price: 129000 } }],
        ['/v1/s', 'screen', { name: 'Cart' }],
        ['/v1/g', 'group', { groupId: 'g-1' }],
        ['/v1/i', 'identify', { userId: 'short-1', traits: { email: 'short@x.io' } }],
        ['/v1/a', 'alias', { previousId: 'short-anon', userId: 'short-1' }],
      ]
      for (const [path, type, fields] of calls) {
        const res = await browserPost(path, {
          ...fields,
          type,
          messageId: `short-${type}`,
          anonymousId: 'short-anon',
          writeKey: TEST_WRITE_KEY,
        })
        assert.equal(res.statusCode, 200, `${path}: ${res.body}`)
        assert.equal(res.json().accepted, 1, path)
        assert.equal(res.headers['access-control-allow-origin'], SHOP, 'the page may read the answer')
      }
      const batch = await browserPost('/v1/b', {
        writeKey: TEST_WRITE_KEY,
        batch: [
          {
            type: 'track',
            messageId: 'short-b1',
            userId: 'short-1',
            event: 'Product Added',
            writeKey: TEST_WRITE_KEY,
          },
          { type: 'page', messageId: 'short-b2', userId: 'short-1', name: 'Cart', writeKey: TEST_WRITE_KEY },
        ],
        sentAt: new Date().toISOString(),
      })
      assert.equal(batch.statusCode, 200, batch.body)
      assert.equal(batch.json().accepted, 2)
      const stored = await eventsOf('short-1')
      assert.deepEqual(
        stored.map((e) => `${e.messageId}:${e.type}`),
        [
          'short-page:page',
          'short-track:track',
          'short-screen:screen',
          'short-group:group',
          'short-identify:identify',
          'short-alias:alias',
          'short-b1:track',
          'short-b2:page',
        ],
      )
    })

    test('without an Authorization header the body’s writeKey is the credential, and it is not kept', async () => {
      const noHeader = { authorization: null }
      const single = await served.app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { origin: SHOP, 'content-type': 'text/plain' },
        payload: JSON.stringify({
          writeKey: TEST_WRITE_KEY,
          messageId: 'body-1',
          anonymousId: 'body-anon',
          event: 'Product Viewed',
        }),
      })
      assert.equal(single.statusCode, 200, single.body)
      const batch = await served.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          writeKey: TEST_WRITE_KEY,
          batch: [
            { type: 'page', messageId: 'body-2', anonymousId: 'body-anon', name: 'Home' },
            {
              type: 'track',
              messageId: 'body-bad',
              anonymousId: 'body-anon',
              event: 'Order Completed',
              properties: {},
            },
          ],
        }),
      })
      assert.equal(batch.statusCode, 200, batch.body)
      assert.deepEqual(
        (await eventsOf('anon:body-anon')).map((e) => e.messageId),
        ['body-1', 'body-2'],
      )
      const quarantine = await served.app.inject({
        method: 'GET',
        url: '/api/v1/quarantine?limit=1',
        headers: { authorization: bearer() },
      })
      const [item] = quarantine.json().items as { message: Record<string, unknown> }[]
      assert.equal(item?.message.messageId, 'body-bad')
      assert.equal('writeKey' in (item?.message ?? {}), false, 'the key is not kept with the event')

      const unknown = await browserPost(
        '/v1/t',
        { writeKey: 'nope-nope', event: 'x', anonymousId: 'a' },
        noHeader,
      )
      assert.equal(unknown.statusCode, 401)
      const none = await browserPost('/v1/t', { event: 'x', anonymousId: 'a' }, noHeader)
      assert.equal(none.statusCode, 401)
      assert.match(none.json().error.message, /Basic user name, or as "writeKey" in the body/)
      assert.equal(none.headers['access-control-allow-origin'], SHOP, 'the page can read why')
      const header = await browserPost(
        '/v1/t',
        { writeKey: TEST_WRITE_KEY, event: 'x', anonymousId: 'a' },
        {
          authorization: basicAuth('wrong-key'),
        },
      )
      assert.equal(header.statusCode, 401, 'a header, once sent, is the credential')
    })

    test('write keys a database cannot hold are refused with 401, not an error', async () => {
      for (const writeKey of ['a\u0000b', 'a\ud800b', 'k'.repeat(10_000), 42, null]) {
        const res = await browserPost(
          '/v1/t',
          { writeKey, event: 'x', anonymousId: 'a' },
          { authorization: '' },
        )
        assert.equal(res.statusCode, 401, JSON.stringify(writeKey))
      }
      const nul = await browserPost(
        '/v1/t',
        { event: 'x', anonymousId: 'a' },
        {
          authorization: `Basic ${Buffer.from('a\u0000b:').toString('base64')}`,
        },
      )
      assert.equal(nul.statusCode, 401)
    })
  })
}

describe('REEL_CORS_ORIGINS', () => {
  const engine = engines[0]
  const served = httpOnEngine(engine!, {
    env: { REEL_CORS_ORIGINS: 'https://shop.example, https://*.brand.example' },
  })

  test('only the listed pages may preflight or post; a server-side client, with no Origin, still may', async () => {
    for (const origin of [SHOP, 'https://kr.brand.example']) {
      const res = await served.app.inject({
        method: 'OPTIONS',
        url: '/v1/t',
        headers: { origin, 'access-control-request-method': 'POST' },
      })
      assert.equal(res.statusCode, 204, origin)
      assert.equal(res.headers['access-control-allow-origin'], origin)
    }
    const other = 'https://evil.example'
    const refused = await served.app.inject({
      method: 'OPTIONS',
      url: '/v1/t',
      headers: { origin: other, 'access-control-request-method': 'POST' },
    })
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.headers['access-control-allow-origin'], undefined)
    const post = (origin?: string) =>
      served.app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { 'content-type': 'text/plain', ...(origin ? { origin } : {}) },
        payload: JSON.stringify({
          writeKey: TEST_WRITE_KEY,
          anonymousId: 'a-1',
          event: 'Viewed',
          messageId: `m-${origin}`,
        }),
      })
    const simple = await post(other)
    assert.equal(simple.statusCode, 403, 'a plain-text post needs no preflight, so the origin is checked')
    assert.equal(simple.json().error.code, 'REEL_ERR_ORIGIN_NOT_ALLOWED')
    assert.equal((await post(SHOP)).statusCode, 200)
    assert.equal((await post()).statusCode, 200)
  })
})

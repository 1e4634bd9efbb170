import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { basicAuth, bearer, engines } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'
import { readAfterWrites } from '../test-support/read-after.js'

const at = (minute: number) => new Date(Date.UTC(2026, 9, 1, 10, minute)).toISOString()

function order(id: string, userId: string, minute: number, total = 100) {
  return {
    type: 'track',
    messageId: `m-${id}-completed`,
    userId,
    event: 'Order Completed',
    timestamp: at(minute),
    properties: {
      order_id: id,
      total,
      currency: 'USD',
      products: [{ product_id: 'p1', price: total, quantity: 1 }],
    },
  }
}

for (const engine of engines) {
  describe(`ingestion on ${engine.name}`, { skip: engine.skip }, () => {
    const served = httpOnEngine(engine)

    const written = readAfterWrites()
    const post = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
      written.saw(
        await served.app.inject({
          method: 'POST',
          url,
          headers: { authorization: basicAuth(), 'content-type': 'application/json', ...headers },
          payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
        }),
      )
    const get = (url: string) =>
      served.app.inject({ method: 'GET', url: written.url(url), headers: { authorization: bearer() } })
    const stats = async () => (await get('/api/v1/stats')).json()

    test('a batch sent twice is stored once and acknowledged both times', async () => {
      const batch = [
        order('o-1', 'u-1', 0),
        { type: 'identify', messageId: 'm-id-1', userId: 'u-1', traits: { email: 'a@x.io' } },
      ]
      const first = await post('/v1/batch', { batch })
      assert.equal(first.statusCode, 200)
      const { position, ...counts } = first.json()
      assert.deepEqual(counts, { success: true, accepted: 2, duplicates: 0, quarantined: [], repaired: [] })
      assert.match(position, /^\d+\.\d+$/, 'the answer says where the batch ends in the log')
      const again = await post('/v1/batch', { batch })
      assert.equal(again.statusCode, 200)
      assert.equal(again.json().accepted, 0)
      assert.equal(again.json().duplicates, 2)
      assert.equal(again.json().position, position, 'a batch sent again ends where it was stored')
      const found = await get('/api/v1/events?messageId=m-o-1-completed')
      assert.equal(found.json().events.length, 1)
      const customer = (await get('/api/v1/customers/u-1')).json()
      assert.equal(customer.profile.email, 'a@x.io')
      assert.equal(customer.profile.ordersCount, 1)
      assert.equal(customer.profile.totalSpend, 100)
    })

    test('a half-bad batch stores the good half and quarantines the rest with index, field and problem', async () => {
      const before = await stats()
      const batch = [
        order('o-2', 'u-2', 1),
        { ...order('o-3', 'u-2', 2), properties: { order_id: 'o-3', total: 'lots' } },
        {
          type: 'track',
          messageId: 'm-huge',
          userId: 'u-2',
          event: 'Viewed',
          properties: { blob: 'x'.repeat(40_000) },
        },
        { type: 'track', messageId: 'm-nobody', event: 'Product Viewed', properties: {} },
        {
          type: 'track',
          messageId: 'm-unknown',
          anonymousId: 'a-9',
          event: 'Wishlist Shared',
          properties: { n: 1 },
        },
      ]
      const res = await post('/v1/batch', { batch })
      assert.equal(res.statusCode, 200)
      const body = res.json()
      assert.equal(body.accepted, 2, 'the valid order and the unknown event are stored')
      assert.deepEqual(
        body.quarantined.map((q: { index: number; field: string }) => [q.index, q.field]),
        [
          [1, 'properties.total'],
          [2, '(message)'],
          [3, 'userId'],
        ],
      )
      assert.match(body.quarantined[1].problem, /over the 32768 byte limit/)
      const after = await stats()
      assert.equal(after.events - before.events, 2)
      assert.equal(after.quarantined - before.quarantined, 3)
      const q = (await get('/api/v1/quarantine?limit=3')).json()
      assert.equal(q.items.length, 3)
      assert.ok(
        q.items.some((i: { problem: string }) => i.problem === 'expected a number'),
        'the problem is named',
      )
      const again = await post('/v1/batch', { batch })
      assert.equal((await stats()).quarantined, after.quarantined, 'a replayed bad event is kept once')
      assert.equal(again.json().quarantined.length, 3)
    })

    test('a body that is not JSON, or has no batch, gets 400 with the reason', async () => {
      const notJson = await post('/v1/batch', '{"batch": [')
      assert.equal(notJson.statusCode, 400)
      assert.equal(notJson.json().error.code, 'REEL_ERR_INVALID_JSON')
      const noBatch = await post('/v1/batch', { events: [] })
      assert.equal(noBatch.statusCode, 400)
      assert.match(noBatch.json().error.message, /batch/)
    })

    test('a body over 500 KB gets 413, compressed or not', async () => {
      const big = {
        batch: [{ type: 'track', userId: 'u', event: 'x', properties: { s: 'y'.repeat(600_000) } }],
      }
      assert.equal((await post('/v1/batch', big)).statusCode, 413)
      const zipped = await post('/v1/batch', gzipSync(JSON.stringify(big)), { 'content-encoding': 'gzip' })
      assert.equal(zipped.statusCode, 413)
    })

    test('a body of exactly 500 KB (512,000 bytes) is stored whole; one byte more gets 413', async () => {
      const body = (padding: number) => {
        const batch = Array.from({ length: 16 }, (_, i) => ({
          type: 'track',
          messageId: `m-500k-${i}`,
          anonymousId: 'a-500k',
          event: 'Product Viewed',
          properties: { note: 'n'.repeat(30_000) },
        }))
        return JSON.stringify({ batch, padding: 'p'.repeat(padding) })
      }
      const padding = 512_000 - Buffer.byteLength(body(0))
      const largest = body(padding)
      assert.equal(Buffer.byteLength(largest), 512_000)
      const accepted = await post('/v1/batch', largest)
      assert.equal(accepted.statusCode, 200)
      assert.equal(accepted.json().accepted, 16)
      const over = await post('/v1/batch', body(padding + 1))
      assert.equal(over.statusCode, 413)
      assert.equal(over.json().error.code, 'REEL_ERR_BODY_TOO_LARGE')
    })

    test('gzip bodies are accepted', async () => {
      const body = gzipSync(JSON.stringify({ batch: [order('o-gz', 'u-3', 3)] }))
      const res = await post('/v1/batch', body, { 'content-encoding': 'gzip' })
      assert.equal(res.statusCode, 200)
      assert.equal(res.json().accepted, 1)
      const broken = await post('/v1/batch', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' })
      assert.equal(broken.statusCode, 400)
    })

    test('ingestion needs a known write key; the admin API needs the token', async () => {
      const none = await served.app.inject({ method: 'POST', url: '/v1/batch', payload: { batch: [] } })
      assert.equal(none.statusCode, 401)
      const wrong = await post('/v1/batch', { batch: [] }, { authorization: basicAuth('nope') })
      assert.equal(wrong.statusCode, 401)
      const admin = await served.app.inject({ method: 'GET', url: '/api/v1/stats' })
      assert.equal(admin.statusCode, 401)
      const badToken = await served.app.inject({
        method: 'GET',
        url: '/api/v1/stats',
        headers: { authorization: bearer('x') },
      })
      assert.equal(badToken.statusCode, 401)
    })

    test('single calls store one message of the path type', async () => {
      const res = await post('/v1/track', {
        messageId: 'm-single',
        anonymousId: 'anon-7',
        event: 'Product Viewed',
        properties: { product_id: 'p-7', name: 'Wool coat', price: 129000 },
      })
      assert.equal(res.statusCode, 200)
      assert.equal(res.json().accepted, 1)
      const page = await post('/v1/page', { messageId: 'm-page', anonymousId: 'anon-7', name: 'Home' })
      assert.equal(page.json().accepted, 1)
      const events = (await get('/api/v1/events?customer=anon%3Aanon-7')).json().events
      assert.deepEqual(
        events.map((e: { type: string }) => e.type),
        ['track', 'page'],
      )
    })

    test('an anonymous visitor becomes the member on identify, with cart and history', async () => {
      const batch = [
        {
          type: 'track',
          messageId: 'c-1',
          anonymousId: 'anon-cart',
          event: 'Product Added',
          timestamp: at(10),
          properties: { cart_id: 'cart-1', product_id: 'p-1', price: 50, quantity: 2 },
        },
        { type: 'page', messageId: 'c-2', anonymousId: 'anon-cart', name: 'Cart', timestamp: at(11) },
      ]
      await post('/v1/batch', { batch })
      await post('/v1/identify', {
        messageId: 'c-3',
        anonymousId: 'anon-cart',
        userId: 'member-1',
        traits: { email: 'm@x.io', timezone: 'Asia/Seoul' },
        timestamp: at(12),
      })
      const customer = (await get('/api/v1/customers/member-1')).json()
      assert.equal(customer.profile.isMember, true)
      assert.equal(customer.profile.eventsCount, 3)
      assert.equal(customer.profile.firstSeenAt, at(10))
      assert.equal(customer.carts.length, 1)
      assert.equal(customer.carts[0].value, 100)
      assert.equal((await get('/api/v1/customers/anon%3Aanon-cart')).statusCode, 404)
      const later = await post('/v1/track', {
        messageId: 'c-4',
        anonymousId: 'anon-cart',
        event: 'Product Removed',
        timestamp: at(13),
        properties: { cart_id: 'cart-1', product_id: 'p-1', quantity: 1 },
      })
      assert.equal(later.json().accepted, 1)
      const updated = (await get('/api/v1/customers/member-1')).json()
      assert.equal(updated.carts[0].value, 50, 'later anonymous events land on the member')
    })

    test('an order goes through its lifecycle: completed, partly refunded, cancelled with a reason', async () => {
      await post('/v1/batch', {
        batch: [
          order('o-life', 'u-life', 20, 300),
          {
            type: 'track',
            messageId: 'r-1',
            userId: 'u-life',
            event: 'Order Refunded',
            timestamp: at(30),
            properties: { order_id: 'o-life', products: [{ product_id: 'p1', price: 100, quantity: 1 }] },
          },
        ],
      })
      let orders = (await get('/api/v1/customers/u-life')).json().orders
      assert.equal(orders[0].status, 'partially_refunded')
      assert.equal(orders[0].refundedAmount, 100)
      assert.equal((await get('/api/v1/customers/u-life')).json().profile.totalSpend, 200)
      await post('/v1/track', {
        messageId: 'x-1',
        userId: 'u-life',
        event: 'Order Cancelled',
        timestamp: at(40),
        properties: { order_id: 'o-life', reason: 'out_of_stock' },
      })
      orders = (await get('/api/v1/customers/u-life')).json().orders
      assert.equal(orders[0].status, 'cancelled')
      assert.equal(orders[0].cancelReason, 'out_of_stock')
    })

    test('events page with a cursor', async () => {
      const first = (await get('/api/v1/events?limit=2')).json()
      assert.equal(first.events.length, 2)
      assert.ok(first.next)
      const second = (await get(`/api/v1/events?limit=2&after=${first.next}`)).json()
      assert.ok(second.events[0].seq > first.events[1].seq)
    })

    test('the OpenAPI document describes every route', async () => {
      const doc = (await served.app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
      for (const path of [
        '/v1/batch',
        '/v1/track',
        '/v1/identify',
        '/v1/alias',
        '/api/v1/stats',
        '/api/v1/events',
        '/api/v1/quarantine',
        '/api/v1/customers/{id}',
        '/api/v1/signals',
        '/api/v1/radar/summary',
      ])
        assert.ok(doc.paths[path], `${path} is documented`)
    })
  })
}

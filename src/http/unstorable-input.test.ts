import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestShop, type TestShop } from '../pages/test-support.js'
import { basicAuth, bearer, engines } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'

// Raw JSON text, so the escapes reach the server exactly as a client's serializer writes them.
const NUL = '\\u0000'
const LONE = '\\ud83d'

for (const engine of engines) {
  describe(`strings the database cannot store, over HTTP on ${engine.name}`, { skip: engine.skip }, () => {
    const served = httpOnEngine(engine)

    const track = (url: string, payload: string) =>
      served.app.inject({
        method: 'POST',
        url,
        headers: { authorization: basicAuth(), 'content-type': 'application/json' },
        payload,
      })
    const events = async (messageId: string) =>
      (
        await served.app.inject({
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
      const { position, ...answer } = response.json()
      assert.match(position, /^\d+\.\d+$/, 'the answer names where the events are in the log')
      assert.deepEqual(answer, {
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

    test('a write key with a NUL in it is an unknown key (401), not a database error', async () => {
      const response = await served.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: {
          authorization: `Basic ${Buffer.from('key\u0000:').toString('base64')}`,
          'content-type': 'application/json',
        },
        payload: '{"batch":[]}',
      })
      assert.equal(response.statusCode, 401)
    })

    test('a gzip body that does not inflate is a 400 naming the body', async () => {
      const response = await served.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: {
          authorization: basicAuth(),
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        },
        payload: '{"batch":[]}',
      })
      assert.equal(response.statusCode, 400)
      assert.equal(response.json().error.code, 'REEL_ERR_BAD_ENCODING')
      assert.match(response.json().error.message, /^body: not valid gzip/)
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

  describe(`a NUL or a lone surrogate outside ingestion on ${engine.name}`, { skip: engine.skip }, () => {
    let shop: TestShop
    before(async () => {
      shop = await openTestShop(engine)
    })
    after(async () => shop?.close())

    const admin = { authorization: bearer(), 'content-type': 'application/json' }
    const refusal = (res: { statusCode: number; json(): { error: { code: string; message: string } } }) => [
      res.statusCode,
      res.json().error.code,
      res.json().error.message,
    ]

    test('the admin API refuses it with 400 naming the field, in the query, the path or the body', async () => {
      const query = await shop.app.inject({ url: '/api/v1/events?customer=a%00b', headers: admin })
      assert.deepEqual(refusal(query), [
        400,
        'REEL_ERR_INVALID_REQUEST',
        'querystring.customer: contains a NUL character',
      ])
      const path = await shop.app.inject({ url: '/api/v1/customers/a%00b', headers: admin })
      assert.deepEqual(refusal(path), [
        400,
        'REEL_ERR_INVALID_REQUEST',
        'params.id: contains a NUL character',
      ])
      const body = await shop.app.inject({
        method: 'POST',
        url: '/api/v1/coupons',
        headers: admin,
        payload: `{"templateId":"t${NUL}","customerIds":["mina"]}`,
      })
      assert.deepEqual(refusal(body), [
        400,
        'REEL_ERR_INVALID_REQUEST',
        'body.templateId: contains a NUL character',
      ])
      const key = await shop.app.inject({
        method: 'POST',
        url: '/api/v1/campaigns',
        headers: admin,
        payload: `{"name":"x","trigger":{"k${LONE}":1}}`,
      })
      assert.deepEqual(refusal(key), [
        400,
        'REEL_ERR_INVALID_REQUEST',
        'body.trigger.k\uFFFD: the key contains a lone UTF-16 surrogate',
      ])
    })

    test('a path that is not UTF-8 is a 400 in the same shape, not a 500', async () => {
      const res = await shop.app.inject({ url: '/api/v1/customers/a%ED%A0%80b', headers: admin })
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().error.code, 'REEL_ERR_INVALID_REQUEST')
      assert.match(res.json().error.message, /^url: /)
    })

    test('a wallet gift message with a NUL is refused and the coupon is not gifted', async () => {
      const coupon = await shop.issue('mina')
      const token = await shop.walletToken('mina')
      const res = await shop.app.inject({
        method: 'POST',
        url: `/wallet/v1/coupons/${coupon.id}/gift`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: `{"to":{"link":true},"message":"Happy${NUL}birthday"}`,
      })
      assert.deepEqual(refusal(res), [
        400,
        'REEL_ERR_INVALID_REQUEST',
        'body.message: contains a NUL character',
      ])
      assert.equal((await shop.reel.coupons.getCoupon(coupon.id))?.state, 'issued')
    })

    test('a claim with a NUL in the name gets the 400 page and the gift stays claimable', async () => {
      const gift = await shop.gift('mina', { link: true })
      const res = await shop.app.inject({
        method: 'POST',
        url: `/g/${gift.token}/claim`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'email=dana%40example.net&name=Da%00na',
      })
      assert.equal(res.statusCode, 400)
      assert.match(String(res.headers['content-type']), /^text\/html/)
      assert.equal((await shop.reel.coupons.getCoupon(gift.couponId))?.state, 'gift_pending')
      assert.equal((await shop.app.inject({ url: `/g/${gift.token}` })).statusCode, 200)
    })
  })
}

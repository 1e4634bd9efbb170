import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestShop, type TestShop } from '../pages/test-support.js'
import { bearer, engines, TEST_ADMIN_TOKEN } from '../test-support/engines.js'

for (const engine of engines) {
  describe(`admin API conventions on ${engine.name}`, { skip: engine.skip }, () => {
    let shop: TestShop
    before(async () => {
      shop = await openTestShop(engine)
    })
    after(async () => shop?.close())

    const get = (url: string, authorization = bearer()) =>
      shop.app.inject({ url, headers: { authorization } })
    const error = (res: { json(): { error: { code: string; message: string } } }) => res.json().error

    test('a cursor that is not one this API gave is a 400 naming `after`', async () => {
      const res = await get('/api/v1/messages?after=abc')
      assert.equal(res.statusCode, 400)
      assert.equal(error(res).code, 'REEL_ERR_INVALID_REQUEST')
      assert.match(error(res).message, /^querystring\.after: /)
    })

    test('an action POST with Content-Type: application/json and no body is accepted', async () => {
      const { campaigns } = (await get('/api/v1/campaigns')).json()
      const res = await shop.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaigns[0].id}/pause`,
        headers: { authorization: bearer(), 'content-type': 'application/json' },
        payload: '',
      })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().state, 'paused')
      const needsBody = await shop.app.inject({
        method: 'POST',
        url: '/api/v1/coupons/validate',
        headers: { authorization: bearer(), 'content-type': 'application/json' },
        payload: '',
      })
      assert.equal(needsBody.statusCode, 400, 'a route that needs a body still says so')
      assert.match(error(needsBody).message, /^body: /)
    })

    test('coupons filter by `customer`, and an unknown query parameter is a 400 naming it', async () => {
      const minas = await shop.issue('mina')
      await shop.issue('joon')
      const res = await get('/api/v1/coupons?customer=mina')
      assert.equal(res.statusCode, 200)
      assert.deepEqual(
        res.json().coupons.map((c: { id: string }) => c.id),
        [minas.id],
      )
      const both = await get('/api/v1/coupons?customer=mina&owner=joon')
      assert.equal(both.statusCode, 400)
      assert.match(error(both).message, /^querystring\.customer: /)
      const typo = await get('/api/v1/coupons?ownr=mina')
      assert.equal(typo.statusCode, 400)
      assert.equal(error(typo).message, 'querystring.ownr: unknown parameter')
      const none = await get('/api/v1/stats?verbose=1')
      assert.equal(none.statusCode, 400)
      assert.equal(error(none).message, 'querystring.verbose: this route takes no parameters')
    })

    test('admin and wallet JSON answers are never cached nor sniffed, refusals included', async () => {
      const token = await shop.walletToken('mina')
      for (const res of [
        await get('/api/v1/customers/mina'),
        await get('/api/v1/customers/mina', 'Bearer wrong'),
        await get('/wallet/v1', `Bearer ${token}`),
        await get('/wallet/v1', 'Bearer wrong'),
      ]) {
        assert.equal(res.headers['cache-control'], 'no-store', res.body)
        assert.equal(res.headers['x-content-type-options'], 'nosniff')
      }
    })

    test('a body of a media type the API does not take is a 415 naming the header', async () => {
      const res = await shop.app.inject({
        method: 'POST',
        url: '/api/v1/coupons',
        headers: { authorization: bearer(), 'content-type': 'application/xml' },
        payload: '<coupon/>',
      })
      assert.equal(res.statusCode, 415)
      assert.equal(error(res).code, 'REEL_ERR_UNSUPPORTED_MEDIA_TYPE')
      assert.match(error(res).message, /^headers\.content-type: application\/xml/)
    })

    test('the admin token is accepted with a lowercase `bearer` scheme', async () => {
      assert.equal((await get('/api/v1/stats', `bearer ${TEST_ADMIN_TOKEN}`)).statusCode, 200)
      assert.equal((await get('/api/v1/stats', `BEARER ${TEST_ADMIN_TOKEN}`)).statusCode, 200)
      assert.equal((await get('/api/v1/stats', `Basic ${TEST_ADMIN_TOKEN}`)).statusCode, 401)
    })

    test('a coupon template valid for more days than the database counts is a 400 naming validDays', async () => {
      const res = await shop.app.inject({
        method: 'POST',
        url: '/api/v1/coupon-templates',
        headers: { authorization: bearer() },
        payload: {
          name: 'forever',
          kind: 'other',
          discount: { type: 'amount', amount: 1000, currency: 'KRW' },
          validDays: 9_007_199_254_740_942,
        },
      })
      assert.equal(res.statusCode, 400)
      assert.match(error(res).message, /^body\.validDays: /)
    })
  })
}

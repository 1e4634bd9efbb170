import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { openTestShop, type TestShop } from '../pages/test-support.js'
import { bearer, engines } from '../test-support/engines.js'

for (const engine of engines) {
  describe(`wallet page and wallet API (${engine.name})`, { skip: engine.skip }, () => {
    let shop: TestShop
    const tokens: Record<string, string> = {}
    const api = async (method: 'GET' | 'POST', url: string, member?: string, payload?: object) => {
      const res = await shop.app.inject({
        method,
        url,
        headers: member ? { authorization: bearer(tokens[member] ?? member) } : {},
        ...(payload ? { payload } : {}),
      })
      return { status: res.statusCode, body: res.json(), headers: res.headers }
    }
    const form = (url: string, fields: Record<string, string> = {}) =>
      shop.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
        payload: new URLSearchParams(fields).toString(),
      })

    before(async () => {
      shop = await openTestShop(engine)
      for (const member of ['mina', 'joon', 'hana']) tokens[member] = await shop.walletToken(member)
    })
    after(() => shop.close())

    it('the wallet API answers only to a wallet token', async () => {
      for (const authorization of [
        undefined,
        'Bearer cwt_nope',
        bearer(),
        `Basic ${tokens.mina}`,
        tokens.mina,
      ]) {
        const res = await shop.app.inject({
          url: '/wallet/v1',
          headers: authorization ? { authorization } : {},
        })
        assert.equal(res.statusCode, 401, String(authorization))
        assert.equal(res.json().error.code, 'REEL_ERR_UNAUTHORIZED')
      }
      const coupon = await shop.issue('mina')
      const mine = await api('GET', '/wallet/v1', 'mina')
      assert.equal(mine.status, 200)
      assert.equal(mine.body.customerId, 'mina')
      assert.ok(mine.body.coupons.some((c: { id: string }) => c.id === coupon.id))
      assert.equal(mine.headers['cache-control'], 'no-store')
    })

    it('a member acts only on their own coupons and gifts, whatever the body says', async () => {
      const coupon = await shop.issue('mina')
      const stolen = await api('POST', `/wallet/v1/coupons/${coupon.id}/gift`, 'joon', { to: { link: true } })
      assert.deepEqual([stolen.status, stolen.body.error.code], [403, 'REEL_ERR_COUPON_NOT_OWNER'])
      const gift = await api('POST', `/wallet/v1/coupons/${coupon.id}/gift`, 'mina', {
        to: { email: 'joon@example.kr' },
        message: 'for you',
        giverId: 'hana',
      })
      assert.equal(gift.status, 201, JSON.stringify(gift.body))
      assert.deepEqual([gift.body.giverId, gift.body.receiverId], ['mina', 'joon'])
      for (const [member, action, code] of [
        ['hana', 'accept', 'REEL_ERR_GIFT_NOT_FOUND'],
        ['hana', 'decline', 'REEL_ERR_GIFT_NOT_FOR_YOU'],
        ['hana', 'cancel', 'REEL_ERR_GIFT_NOT_FOR_YOU'],
        ['joon', 'cancel', 'REEL_ERR_GIFT_NOT_FOR_YOU'],
      ] as const) {
        const res = await api('POST', `/wallet/v1/gifts/${gift.body.id}/${action}`, member)
        assert.equal(res.body.error?.code, code, `${member} ${action}`)
      }
      const incoming = await api('GET', '/wallet/v1', 'joon')
      assert.deepEqual(
        incoming.body.incomingGifts.map((g: { id: string; giverName: string }) => [g.id, g.giverName]),
        [[gift.body.id, 'Mina Kim']],
      )
      const accepted = await api('POST', `/wallet/v1/gifts/${gift.body.id}/accept`, 'joon')
      assert.deepEqual([accepted.status, accepted.body.state], [200, 'claimed'])
      assert.equal((await shop.reel.coupons.getCoupon(coupon.id))?.ownerId, 'joon')

      // A link gift is taken through its link (the secret), not by its id from someone's wallet.
      const link = await api('POST', `/wallet/v1/coupons/${(await shop.issue('mina')).id}/gift`, 'mina', {
        to: { link: true },
      })
      assert.match(link.body.claimUrl, /\/g\/[\w-]{43}$/)
      const grab = await api('POST', `/wallet/v1/gifts/${link.body.id}/accept`, 'hana')
      assert.equal(grab.status, 404)
      const back = await api('POST', `/wallet/v1/gifts/${link.body.id}/cancel`, 'mina')
      assert.deepEqual([back.status, back.body.state], [200, 'cancelled'])
    })

    it('the wallet page shows the coupons; its forms make a link gift and take it back, as that member only', async () => {
      const coupon = await shop.issue('hana')
      const base = `/w/${tokens.hana}`
      const view = await shop.app.inject({ url: base, headers: { 'accept-language': 'en' } })
      assert.equal(view.statusCode, 200)
      assert.match(view.body, /Hello, Hana Lee/)
      assert.ok(view.body.includes(coupon.code))
      assert.equal(view.headers['referrer-policy'], 'no-referrer')
      const unknown = await shop.app.inject({ url: '/w/cwt_unknown' })
      assert.equal(unknown.statusCode, 404)
      assert.match(unknown.body, /wallet link is not valid or has expired/)

      const typo = await form(`${base}/coupons/${coupon.id}/gift`, { contact: 'joon@', message: 'hi <3' })
      assert.equal(typo.statusCode, 400)
      assert.match(typo.body, /Enter an e-mail address or a phone number/)
      assert.match(typo.body, /value="joon@"/)
      assert.match(typo.body, /hi &lt;3<\/textarea>/)

      const sent = await form(`${base}/coupons/${coupon.id}/gift`, { send: 'link', contact: '', message: '' })
      assert.equal(sent.statusCode, 303)
      assert.match(sent.headers.location as string, /^\/w\/cwt_[\w-]+\?notice=link-created&gift=gft_/)
      const after = await shop.app.inject({ url: sent.headers.location as string })
      assert.match(after.body, /id="new-claim-link">http[^<]+\/g\/[\w-]{43}</)
      const twice = await form(`${base}/coupons/${coupon.id}/gift`, { send: 'link' })
      assert.equal(twice.statusCode, 409)
      assert.match(twice.body, /already being gifted/)

      const giftId = new URL(sent.headers.location as string, 'http://x').searchParams.get('gift')
      const taken = await form(`${base}/gifts/${giftId}/cancel`)
      assert.equal(taken.headers.location, `${base}?notice=gift-cancelled`)
      const notMine = await form(`/w/${tokens.joon}/gifts/${giftId}/cancel`)
      assert.equal(notMine.statusCode, 409)
      assert.equal((await shop.reel.coupons.getCoupon(coupon.id))?.state, 'issued')
      assert.equal((await form(`/w/cwt_unknown/gifts/${giftId}/accept`)).statusCode, 404)
    })

    it('describes the wallet API in the OpenAPI document, and not the pages', async () => {
      const doc = (await shop.app.inject({ url: '/api/openapi.json' })).json()
      assert.equal(doc.components.securitySchemes.walletToken.scheme, 'bearer')
      for (const path of ['/wallet/v1', '/wallet/v1/coupons/{id}/gift', '/wallet/v1/gifts/{id}/accept']) {
        const operation = doc.paths[path]?.get ?? doc.paths[path]?.post
        assert.deepEqual(operation?.tags, ['wallet'], path)
        assert.deepEqual(operation?.security, [{ walletToken: [] }], path)
      }
      assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/g/') || p.startsWith('/w/')))
    })

    it('the ledger adds up', async () => {
      assert.deepEqual((await shop.reel.coupons.audit()).violations, [])
    })
  })
}

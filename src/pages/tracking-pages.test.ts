import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { engines } from '../test-support/engines.js'
import { openTrackingShop, type TrackingShop } from './tracking-shop.js'

const form = { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' }

for (const engine of engines) {
  describe(`the tracking page (${engine.name})`, { skip: engine.skip }, () => {
    let shop: TrackingShop
    before(async () => {
      shop = await openTrackingShop(engine)
    })
    after(() => shop?.close())

    const get = (url: string, language = 'en') =>
      shop.app.inject({ url, headers: { 'accept-language': language } })

    it('by its link: the timeline, a promised range learnt from past deliveries, the items, the care guide and a board', async () => {
      const page = await get(shop.trackingPath)
      assert.equal(page.statusCode, 200)
      const html = page.body
      assert.match(html, /Your order is on its way/)
      assert.match(html, /Seoul hub/)
      assert.match(html, /Maru warehouse, Incheon/)
      assert.match(html, /id="promise">Expected [A-Z][a-z]{2} \d{1,2}/)
      assert.match(html, /Cork yoga mat/)
      assert.match(html, /Cotton yoga strap <span class="muted">× 2<\/span>/)
      assert.match(html, /Caring for your cork mat/)
      assert.doesNotMatch(html, /Knife care/, 'only the content for what was bought')
      assert.match(html, /id="board"/)
      assert.match(
        html,
        /href="https:\/\/maru\.example\/p\/cleaner\?utm_source=reel&amp;utm_medium=tracking_page&amp;utm_campaign=post_purchase&amp;utm_content=cleaner"/,
      )
      assert.match(html, /https:\/\/maru\.example\/chat/)
      assert.equal(page.headers['cache-control'], 'no-store')
      assert.match(String(page.headers['content-security-policy']), /img-src 'self' data: https:/)
    })

    it('in the buyer profile language: Korean for a Korean profile whatever the browser says', async () => {
      const page = await get(shop.trackingPath, 'ko')
      assert.match(page.body, /Your order is on its way/, "Mina's profile says English")
    })

    it('an unknown or malformed token is a 404 page that says nothing of any order', async () => {
      for (const token of ['trk_AAAAAAAAAAAAAAAAAAAAAA', 'nope', 'x'.repeat(150)]) {
        const page = await get(`/t/${token}`)
        assert.equal(page.statusCode, 404)
        assert.doesNotMatch(page.body, /MY-1042|Mina|yoga/i)
      }
    })

    it('by order number and the buyer e-mail (any case): a redirect to the page; a wrong e-mail is the same 404 as no order', async () => {
      const found = await shop.app.inject({
        method: 'POST',
        url: '/t',
        headers: form,
        payload: 'order=MY-1042&email=MINA%40Example.kr',
      })
      assert.equal(found.statusCode, 303)
      assert.equal(found.headers.location, shop.trackingPath)
      const wrong = await shop.app.inject({
        method: 'POST',
        url: '/t',
        headers: form,
        payload: 'order=MY-1042&email=sora%40example.kr',
      })
      const unknown = await shop.app.inject({
        method: 'POST',
        url: '/t',
        headers: form,
        payload: 'order=NO-SUCH&email=sora%40example.kr',
      })
      assert.equal(wrong.statusCode, 404)
      assert.equal(unknown.statusCode, 404)
      const message = (body: string) => /<div class="error"[^>]*>([^<]*)</.exec(body)?.[1]
      assert.equal(message(wrong.body), message(unknown.body))
      assert.doesNotMatch(wrong.body, /Mina|Seoul hub|yoga/i)
    })

    it('a bare tracking number shows the status only: no name, no address, no items', async () => {
      const page = await get('/t?tracking=6894412230')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /id="tracking-status"/)
      assert.match(page.body, /On its way/)
      assert.doesNotMatch(page.body, /Mina|Seoul hub|Cork|MY-1042|mina@/)
    })

    it('the buyer changes the channel for order updates on the page', async () => {
      const before = await get(shop.trackingPath)
      assert.match(before.body, /Order updates go by: E-mail/)
      const saved = await shop.app.inject({
        method: 'POST',
        url: `${shop.trackingPath}/channel`,
        headers: form,
        payload: 'channel=sms',
      })
      assert.equal(saved.statusCode, 200)
      assert.match(saved.body, /Saved: order updates now go by Text message \(SMS\)/)
      assert.equal(await shop.reel.shipping.chosenChannel('mina'), 'sms')
      const none = await shop.app.inject({
        method: 'POST',
        url: `${shop.trackingPath}/channel`,
        headers: form,
        payload: 'channel=none',
      })
      assert.equal(none.statusCode, 200)
      assert.equal(await shop.reel.shipping.chosenChannel('mina'), 'none')
      const bad = await shop.app.inject({
        method: 'POST',
        url: `${shop.trackingPath}/channel`,
        headers: form,
        payload: 'channel=fax',
      })
      assert.equal(bad.statusCode, 400)
    })

    it('lookups are rate-limited per address', async () => {
      let last = 0
      for (let i = 0; i < 12; i++)
        last = (
          await shop.app.inject({
            method: 'POST',
            url: '/t',
            headers: form,
            payload: `order=X${i}&email=a%40b.c`,
          })
        ).statusCode
      assert.equal(last, 429)
    })
  })
}

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { openTrackingShop, type TrackingShop } from '../pages/tracking-shop.js'
import { bearer, engines } from '../test-support/engines.js'

for (const engine of engines) {
  describe(`shipping in the admin API (${engine.name})`, { skip: engine.skip }, () => {
    let shop: TrackingShop
    before(async () => {
      shop = await openTrackingShop(engine)
    })
    after(() => shop?.close())
    const call = (method: 'GET' | 'PUT', url: string, payload?: unknown) =>
      shop.app.inject({
        method,
        url,
        headers: { authorization: bearer() },
        ...(payload ? { payload: payload as object } : {}),
      })

    it('lists shipments, on their way or in one status', async () => {
      const open = await call('GET', '/api/v1/shipments?open=true')
      assert.equal(open.statusCode, 200, open.body)
      assert.deepEqual(
        open.json().shipments.map((s: { shipmentId: string }) => s.shipmentId),
        ['MY-1042-1'],
      )
      const delivered = await call('GET', '/api/v1/shipments?status=delivered&limit=500')
      assert.equal(delivered.json().shipments.length, 30)
      const bad = await call('GET', '/api/v1/shipments?status=lost')
      assert.equal(bad.statusCode, 400)
      assert.match(bad.json().error.message, /querystring\.status/)
    })

    it("an order's shipments with timeline, promise and tracking link", async () => {
      const res = await call('GET', '/api/v1/orders/MY-1042/shipments')
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.match(body.trackingUrl, /\/t\/trk_/)
      assert.equal(new URL(body.trackingUrl).pathname, shop.trackingPath)
      const [parcel] = body.shipments
      assert.deepEqual(
        parcel.timeline.map((t: { status: string }) => t.status),
        ['info_received', 'in_transit', 'in_transit'],
      )
      assert.ok(parcel.promise && parcel.promise.earliestAt <= parcel.promise.latestAt)
      assert.equal((await call('GET', '/api/v1/orders/NOPE/shipments')).statusCode, 404)
    })

    it('the overview counts statuses and the care settings are validated, naming the field', async () => {
      const overview = await call('GET', '/api/v1/shipments/overview')
      assert.equal(overview.statusCode, 200, overview.body)
      assert.equal(overview.json().byStatus.delivered, 30)
      const bad = await call('PUT', '/api/v1/shipping/care', {
        blocks: [{ category: 'Yoga', title: 'x', link: { label: 'a', url: 'javascript:alert(1)' } }],
      })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.json().error.message, /body\.blocks\.0\.link\.url/)
      const care = await call('GET', '/api/v1/shipping/care')
      assert.equal(care.json().blocks.length, 2)
    })

    it('the where-is-my-order figure says why there is no difference without a holdout', async () => {
      const res = await call('GET', '/api/v1/shipping/where-is-my-order')
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().difference, null)
      assert.match(res.json().reason, /REEL_SHIPPING_HOLDOUT/)
    })

    it('the webhook set-up, token included, for admins', async () => {
      const res = await call('GET', '/api/v1/shipping-webhook')
      assert.equal(res.statusCode, 200)
      assert.match(res.json().updatesUrl, /\/v1\/shipments\/updates$/)
      assert.equal(res.json().token, shop.reel.shipping.webhookToken)
      const docs = await shop.app.inject({ url: '/api/openapi.json' })
      assert.equal(docs.statusCode, 200)
      assert.ok(docs.json().paths['/v1/shipments/updates'])
    })
  })
}

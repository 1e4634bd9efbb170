import assert from 'node:assert/strict'
import { createHmac, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { bearer, engines } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'

const SHOP = 'reel-demo.myshopify.com'
const SECRET = 'shpss_life_of_a_shop_secret'
const NOW = new Date('2026-11-20T12:00:00.000Z')
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString()
const CUSTOMER = 207119551
const WOO_SECRET = 'wc_webhook_secret_of_the_shop'
const MEMBER = `shopify:${CUSTOMER}`

type Json = Record<string, unknown>
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../connectors/fixtures/shopify/${name}`, import.meta.url), 'utf8'))

/** The documented example order as one of this shop's: its id, times and state. */
function order(id: number, at: string, changes: Json = {}): Json {
  const example = fixture('order.json')
  const customer = { ...(example.customer as Json), id: CUSTOMER }
  return {
    ...example,
    id,
    name: `#${id}`,
    checkout_token: `checkout-of-${id}`,
    cart_token: null,
    created_at: at,
    processed_at: at,
    updated_at: at,
    financial_status: 'paid',
    cancelled_at: null,
    cancel_reason: null,
    refunds: [],
    customer,
    ...changes,
  }
}

for (const engine of engines) {
  describe(`a Shopify shop connected by webhook (${engine.name})`, { skip: engine.skip }, () => {
    const shop = httpOnEngine(engine, {
      clock: () => NOW,
      env: { REEL_WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET },
    })

    const deliver = async (topic: string, body: unknown, headers: Record<string, string> = {}) => {
      const raw = typeof body === 'string' ? body : JSON.stringify(body)
      const answer = await shop.app.inject({
        method: 'POST',
        url: '/v1/connectors/shopify',
        payload: raw,
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': topic,
          'x-shopify-shop-domain': SHOP,
          'x-shopify-webhook-id': randomUUID(),
          'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(raw).digest('base64'),
          ...headers,
        },
      })
      return answer
    }
    const stored = async (topic: string, body: unknown, headers?: Record<string, string>) => {
      const answer = await deliver(topic, body, headers)
      assert.equal(answer.statusCode, 200, answer.body)
      const position = answer.json().position
      if (position) await shop.reel.ingestor.settle(position)
      return answer.json()
    }
    const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
      (await query.execute(shop.reel.database.db)).rows[0]?.n
    const eventsOf = (name: string, orderId: string) =>
      count(sql<{ n: number }>`select count(*)::int as n from events
        where event = ${name} and properties->>'order_id' = ${orderId}`)
    const signals = async () =>
      (await shop.reel.radar.listSignals({ asOf: NOW, customerId: MEMBER, limit: 50 })).signals
        .map((s) => `${s.kind} ${s.key}`)
        .sort()

    it('refuses a missing or wrong signature with 401 and stores nothing', async () => {
      await shop.reel.connectors.addShop('shopify', SHOP, SECRET)
      const body = order(1000, hoursAgo(9))
      const events = await count(sql<{ n: number }>`select count(*)::int as n from events`)
      for (const signature of [
        '',
        createHmac('sha256', 'not-the-secret').update(JSON.stringify(body)).digest('base64'),
      ]) {
        const answer = await deliver('orders/create', body, { 'x-shopify-hmac-sha256': signature })
        assert.equal(answer.statusCode, 401, answer.body)
        assert.equal(answer.json().error.code, 'REEL_ERR_WEBHOOK_SIGNATURE')
      }
      const unknownShop = await deliver('orders/create', body, {
        'x-shopify-shop-domain': 'other.myshopify.com',
      })
      assert.equal(unknownShop.statusCode, 401)
      assert.match(
        unknownShop.json().error.message,
        /reel connectors add shopify --shop other\.myshopify\.com/,
      )
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from events`), events)
      assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from connector_deliveries`), 0)
      const { text } = await shop.reel.metrics.scrape()
      assert.match(text, /reel_connector_deliveries_total\{platform="shopify",outcome="unauthorized"\} 3/)
    })

    it("maps a shop's life to the radar's signals, once each, whatever order the webhooks come in", async () => {
      const checkout = {
        ...fixture('checkout.json'),
        token: 'abandoned-token',
        created_at: hoursAgo(3),
        updated_at: hoursAgo(3),
        completed_at: null,
        customer: { ...(fixture('checkout.json').customer as Json), id: CUSTOMER },
      }
      assert.equal((await stored('checkouts/create', checkout)).outcome, 'stored')

      // A partial refund of order 2001 arrives before the order does.
      const refund = {
        ...fixture('refund.json'),
        order_id: 2001,
        created_at: hoursAgo(2),
        processed_at: hoursAgo(2),
      }
      await stored('refunds/create', refund)
      const paid = order(2001, hoursAgo(5))
      const updated = await stored('orders/updated', paid)
      assert.ok(updated.accepted > 0)
      const headers = { 'x-shopify-webhook-id': 'retried-delivery-1' }
      assert.equal((await stored('orders/create', paid, headers)).outcome, 'stored')
      assert.equal(
        (await stored('orders/create', paid, headers)).outcome,
        'duplicate',
        'a retry of the same delivery',
      )
      const again = await stored('orders/paid', paid)
      assert.deepEqual([again.outcome, again.accepted], ['stored', 0], 'the same facts again store nothing')
      assert.equal(await eventsOf('Order Completed', '2001'), 1)
      assert.equal(await eventsOf('Order Refunded', '2001'), 1)

      // Paid, then cancelled because the stock ran out.
      await stored('orders/create', order(2002, hoursAgo(4.5)))
      await stored(
        'orders/cancelled',
        order(2002, hoursAgo(4.5), {
          financial_status: 'refunded',
          cancelled_at: hoursAgo(4),
          cancel_reason: 'inventory',
        }),
      )
      const cancelled = await sql<{ reason: string }>`select properties->>'reason' as reason from events
        where event = 'Order Cancelled' and properties->>'order_id' = '2002'`.execute(shop.reel.database.db)
      assert.deepEqual(cancelled.rows, [{ reason: 'out_of_stock' }])

      await shop.reel.radar.fireDue(NOW)
      assert.deepEqual(await signals(), [
        'cart_abandoned shopify:abandoned-token',
        'out_of_stock 2002',
        'returned 2001',
      ])
      const cart = await sql<{
        checkout_url: string
      }>`select checkout_url from carts where cart_id = 'shopify:abandoned-token'`.execute(
        shop.reel.database.db,
      )
      assert.match(
        cart.rows[0]?.checkout_url ?? '',
        /\/recover\?key=/,
        "the cart keeps the checkout's recovery link",
      )
    })

    it('follows a fulfilment to its delivery, and takes consent from the customer', async () => {
      const fulfilment: Json = {
        ...fixture('fulfillment.json'),
        order_id: 2001,
        created_at: hoursAgo(3),
        updated_at: hoursAgo(3),
      }
      await stored('fulfillments/create', fulfilment)
      const delivered = {
        ...fixture('fulfillment-event.json'),
        order_id: 2001,
        fulfillment_id: fulfilment.id,
        status: 'delivered',
        happened_at: hoursAgo(1),
        created_at: hoursAgo(1),
        updated_at: hoursAgo(1),
      }
      await stored('fulfillment_events/create', delivered)
      const shipments = await shop.app.inject({
        method: 'GET',
        url: '/api/v1/orders/2001/shipments',
        headers: { authorization: bearer() },
      })
      assert.equal(shipments.statusCode, 200, shipments.body)
      const [shipment] = shipments.json().shipments
      assert.equal(shipment.status, 'delivered')
      assert.equal(shipment.customerId ?? MEMBER, MEMBER)

      const customer = { ...fixture('customer.json'), id: CUSTOMER, updated_at: hoursAgo(6) }
      await stored('customers/update', customer)
      const profile = await shop.app.inject({
        method: 'GET',
        url: `/api/v1/customers/${MEMBER}`,
        headers: { authorization: bearer() },
      })
      assert.equal(profile.statusCode, 200, profile.body)
      assert.deepEqual(profile.json().profile.traits.consent?.email, { marketing: true })
    })

    it('keeps a signed body that does not map, with the field at fault, and answers 200 so nothing retries it', async () => {
      const answer = await stored('refunds/create', { id: 1, order_id: 2001, refund_line_items: 'none' })
      assert.equal(answer.outcome, 'quarantined')
      assert.match(answer.problem, /^body\.refund_line_items: /)
      const kept = await sql<{ body: { order_id: number } }>`select body from connector_deliveries
        where outcome = 'quarantined'`.execute(shop.reel.database.db)
      assert.equal(kept.rows[0]?.body.order_id, 2001)
      const notJson = await deliver('customers/update', '{"id": 1', {})
      assert.equal(notJson.statusCode, 200)
      assert.equal(notJson.json().outcome, 'quarantined')
      assert.match(notJson.json().problem, /^body: not valid JSON/)
      // JSON may spell a NUL and a lone surrogate; the database stores neither, and the delivery still lands.
      const unstorable =
        '{"id": 3, "email": "nul\\u0000@example.com", "first_name": "\\ud800", "updated_at": "2026-11-20T09:00:00Z"}'
      const repaired = await deliver('customers/update', unstorable, {})
      assert.equal(repaired.statusCode, 200, repaired.body)
      assert.equal(repaired.json().outcome, 'stored')
      const keptBody = await deliver(
        'refunds/create',
        '{"id": 4, "order_id": "\\u0000", "refund_line_items": "x"}',
        {},
      )
      assert.deepEqual([keptBody.statusCode, keptBody.json().outcome], [200, 'quarantined'])
    })

    it('takes a WooCommerce order signed with the webhook secret, and its set-up ping', async () => {
      const woo = JSON.parse(
        readFileSync(new URL('../connectors/fixtures/woocommerce/order.json', import.meta.url), 'utf8'),
      )
      const post = (raw: string, headers: Record<string, string>) =>
        shop.app.inject({ method: 'POST', url: '/v1/connectors/woocommerce', payload: raw, headers })
      const ping = await post('webhook_id=42', {
        'content-type': 'application/x-www-form-urlencoded',
        'x-wc-webhook-source': 'https://woo.example/',
        'x-wc-webhook-topic': 'action.woocommerce_webhook_ping',
      })
      assert.deepEqual([ping.statusCode, ping.json().outcome], [200, 'ignored'])
      const raw = JSON.stringify(woo)
      const headers = {
        'content-type': 'application/json',
        'x-wc-webhook-source': 'https://woo.example/',
        'x-wc-webhook-topic': 'order.created',
        'x-wc-webhook-delivery-id': 'd-1',
      }
      const unsigned = await post(raw, headers)
      assert.equal(unsigned.statusCode, 401)
      const signature = createHmac('sha256', WOO_SECRET).update(raw).digest('base64')
      const signed = await post(raw, { ...headers, 'x-wc-webhook-signature': signature })
      assert.equal(signed.statusCode, 200, signed.body)
      assert.equal(signed.json().outcome, 'stored')
      await shop.reel.ingestor.settle(signed.json().position)
      assert.equal(await eventsOf('Order Completed', String(woo.id)), 1)
    })

    it('lists its deliveries by topic, and erases the customer on customers/redact', async () => {
      const listing = await shop.app.inject({
        method: 'GET',
        url: '/api/v1/connectors',
        headers: { authorization: bearer() },
      })
      const shopify = listing.json().connectors.find((c: { platform: string }) => c.platform === 'shopify')
      assert.equal(shopify.webhookUrl.endsWith('/v1/connectors/shopify'), true)
      assert.ok(shopify.topics.includes('orders/cancelled'))
      assert.deepEqual(
        shopify.shops.map((s: { shop: string }) => s.shop),
        [SHOP],
      )
      const orders = shopify.activity.find((a: { topic: string }) => a.topic === 'orders/create')
      assert.equal(
        orders.deliveries,
        2,
        'two orders created: the retried delivery is answered from its record',
      )

      const redact = {
        ...fixture('customers-redact.json'),
        shop_domain: SHOP,
        customer: { id: CUSTOMER, email: 'bob.norman@mail.example.com' },
        orders_to_redact: [2001, 2002],
      }
      assert.equal((await stored('customers/redact', redact)).outcome, 'privacy')
      assert.equal(
        await count(
          sql<{ n: number }>`select count(*)::int as n from customers where customer_id = ${MEMBER}`,
        ),
        0,
      )
      assert.equal(
        await count(sql<{ n: number }>`select count(*)::int as n from events where customer_id = ${MEMBER}`),
        0,
      )
    })
  })
}

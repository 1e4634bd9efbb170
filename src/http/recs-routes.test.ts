import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { RawMessage } from '../events/index.js'
import { bearer, engines } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'

const NOW = new Date('2026-06-01T00:00:00.000Z')
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString()

const PRODUCTS = {
  mat: {
    product_id: 'yoga-mat',
    name: 'Yoga mat',
    category: 'yoga',
    price: 40,
    image_url: 'https://shop.example/mat.jpg',
    url: 'https://shop.example/mat',
  },
  bag: {
    product_id: 'mat-bag',
    name: 'Mat bag',
    category: 'yoga',
    price: 15,
    image_url: 'https://shop.example/bag.jpg',
    url: 'https://shop.example/bag',
  },
  strap: { product_id: 'strap', name: 'Strap', category: 'yoga', price: 8 },
  water: { product_id: 'water', name: 'Water', category: 'drinks', price: 1 },
  tea: { product_id: 'tea', name: 'Tea', category: 'drinks', price: 3 },
}

function order(customer: string, id: string, days: number, products: object[]): RawMessage {
  return {
    type: 'track',
    event: 'Order Completed',
    userId: customer,
    messageId: `order-${id}`,
    timestamp: daysAgo(days),
    properties: { order_id: id, total: 10, currency: 'EUR', products },
  }
}

interface Shown {
  productId: string
  name: string | null
  imageUrl: string | null
  source: string
  reasons: Array<Record<string, unknown>>
}

for (const engine of engines) {
  describe(`recommendations API (${engine.name})`, { skip: engine.skip }, () => {
    const shop = httpOnEngine(engine, { clock: () => NOW })
    const request = async (url: string, method: 'GET' | 'PUT' = 'GET', payload?: object) => {
      const res = await shop.app.inject({ url, method, payload, headers: { authorization: bearer() } })
      return { status: res.statusCode, body: res.json() }
    }
    const recsOf = async (url: string): Promise<Shown[]> => {
      const { status, body } = await request(url)
      assert.equal(status, 200, JSON.stringify(body))
      return body.items
    }

    before(async () => {
      const events: RawMessage[] = []
      // Yoga-mat buyers come back for the bag; the strap goes with the mat; tea sells most of late.
      for (let i = 0; i < 12; i++) {
        events.push(order(`yogi-${i}`, `y${i}-1`, 60 - i, [PRODUCTS.mat, PRODUCTS.strap, PRODUCTS.water]))
        events.push(order(`yogi-${i}`, `y${i}-2`, 40 - i, [PRODUCTS.bag, PRODUCTS.water]))
      }
      for (let i = 0; i < 20; i++) events.push(order(`tea-${i}`, `t${i}`, 5, [PRODUCTS.tea]))
      events.push(order('mina', 'm1', 2, [PRODUCTS.mat]))
      events.push({
        type: 'identify',
        userId: 'newcomer',
        messageId: 'id-newcomer',
        timestamp: daysAgo(1),
        traits: {},
      })
      // The catalogue feed says the strap is sold out.
      events.push({
        type: 'track',
        event: 'Product Updated',
        userId: 'catalogue-feed',
        messageId: 'strap-out',
        timestamp: daysAgo(1),
        properties: { product_id: 'strap', inventory_quantity: 0 },
      })
      await shop.reel.ingestor.ingest(events)
    })

    it('bought a yoga mat → the bag, explained by the orders after a mat, with what the shop shows of it', async () => {
      const { body } = await request('/api/v1/customers/mina/recommendations?limit=3')
      assert.equal(body.fallback, false)
      const bag = body.items.find((r: Shown) => r.productId === 'mat-bag')
      assert.ok(bag, JSON.stringify(body.items))
      assert.equal(bag.name, 'Mat bag')
      assert.equal(bag.imageUrl, 'https://shop.example/bag.jpg')
      const next = bag.reasons.find((r: Shown['reasons'][number]) => r.source === 'next')
      assert.equal(next.afterItem, 'yoga-mat')
      assert.equal(next.times, 12)
    })

    it('never an out-of-stock product, nor the mat just bought', async () => {
      const items = await recsOf('/api/v1/customers/mina/recommendations?limit=50')
      const ids = items.map((r) => r.productId)
      assert.ok(ids.length >= 3, ids.join())
      assert.ok(!ids.includes('strap'), 'sold out')
      assert.ok(!ids.includes('yoga-mat'), 'just bought, and nobody buys two')
      const related = (await recsOf('/api/v1/products/yoga-mat/related')).map((r) => r.productId)
      assert.ok(
        related.includes('mat-bag') && !related.includes('strap') && !related.includes('yoga-mat'),
        related.join(),
      )
    })

    it('a customer with no orders gets the recent bestsellers and says so', async () => {
      const { status, body } = await request('/api/v1/customers/newcomer/recommendations?limit=2')
      assert.equal(status, 200)
      assert.equal(body.fallback, true)
      assert.deepEqual(
        body.items.map((r: Shown) => [r.productId, r.source]),
        [
          ['tea', 'popular'],
          ['water', 'popular'],
        ],
      )
    })

    it('"what goes with this order", and unknown customers, orders, products and bad contexts', async () => {
      // With the mat: the water bought with it and after it, and the bag bought after it.
      const withOrder = await recsOf('/api/v1/customers/mina/recommendations?context=order:m1&limit=2')
      assert.deepEqual(
        withOrder.map((r) => r.productId),
        ['water', 'mat-bag'],
      )
      assert.equal((await request('/api/v1/customers/mina/recommendations?context=order:y1-1')).status, 404)
      assert.equal((await request('/api/v1/customers/nobody/recommendations')).status, 404)
      assert.equal((await request('/api/v1/products/nothing/related')).status, 404)
      const bad = await request('/api/v1/customers/mina/recommendations?context=cart:1')
      assert.equal(bad.status, 400)
      assert.match(JSON.stringify(bad.body), /context/)
      assert.equal((await request('/api/v1/customers/mina/recommendations?limit=0')).status, 400)
    })

    it('shop rules come first: yoga → drinks puts the drinks bestsellers ahead of the blend', async () => {
      const put = await request('/api/v1/recommendations/rules', 'PUT', {
        rules: [{ fromCategory: 'yoga', toCategory: 'drinks' }],
      })
      assert.equal(put.status, 200, JSON.stringify(put.body))
      assert.deepEqual((await request('/api/v1/recommendations/rules')).body.rules, [
        { fromCategory: 'yoga', toCategory: 'drinks' },
      ])
      const items = await recsOf('/api/v1/customers/mina/recommendations?limit=3')
      assert.deepEqual(
        items.slice(0, 2).map((r) => [r.productId, r.source]),
        [
          ['tea', 'rule'],
          ['water', 'rule'],
        ],
      )
      assert.equal(items[2]?.productId, 'mat-bag')
      const refused = await request('/api/v1/recommendations/rules', 'PUT', {
        rules: [{ fromCategory: '', toCategory: 'x' }],
      })
      assert.equal(refused.status, 400)
      await request('/api/v1/recommendations/rules', 'PUT', { rules: [] })
    })

    it('fills {{ recommendations }} in message templates', async () => {
      const template = await shop.reel.templates.save({
        name: 'recs-check',
        channel: 'email',
        locale: 'en',
        subject: 'For you',
        text: '{% for r in recommendations %}{{ r.name }} {{ r.price }} {{ r.url }};{% endfor %}',
        html: null,
      })
      const rendered = await shop.reel.previewTemplate(template.id, 'mina')
      assert.match(rendered?.text ?? '', /Mat bag 15 https:\/\/shop.example\/bag;/)
    })
  })
}

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { engines } from '../test-support/engines.js'
import { productsByIds } from './index.js'

for (const engine of engines) {
  describe(`catalogue availability (${engine.name})`, { skip: engine.skip }, () => {
    it('keeps the last stock and status a product was said to have, unknown until told', async () => {
      const reel = await engine.start()
      try {
        const track = (id: string, event: string, minute: number, properties: Record<string, unknown>) => ({
          type: 'track',
          userId: 'u1',
          event,
          messageId: id,
          timestamp: new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString(),
          properties,
        })
        await reel.ingestor.ingest([
          track('v1', 'Product Viewed', 0, { product_id: 'mat', name: 'Mat', category: 'yoga', price: 30 }),
          track('v2', 'Product Viewed', 0, { product_id: 'bag', name: 'Bag', category: 'yoga' }),
        ])
        await reel.ingestor.ingest([
          track('u1', 'Product Updated', 1, { product_id: 'mat', inventory_quantity: 0 }),
          track('u2', 'Product Updated', 2, { product_id: 'bag', status: 'draft' }),
        ])
        await reel.ingestor.ingest([track('v3', 'Product Viewed', 3, { product_id: 'mat', name: 'Mat' })])
        const byId = async (ids: string[]) =>
          new Map((await productsByIds(reel.database.db, ids)).map((p) => [p.product_id, p]))
        const products = await byId(['mat', 'bag', 'nope'])
        assert.deepEqual(
          { ...products.get('mat'), price: Number(products.get('mat')?.price) },
          {
            product_id: 'mat',
            name: 'Mat',
            category: 'yoga',
            price: 30,
            url: null,
            image_url: null,
            in_stock: false,
            archived: null,
          },
        )
        assert.equal(products.get('bag')?.archived, true)
        assert.equal(products.get('bag')?.in_stock, null)
        assert.equal(products.has('nope'), false)
        await reel.ingestor.ingest([track('u3', 'Product Updated', 4, { product_id: 'mat', in_stock: true })])
        assert.equal((await byId(['mat'])).get('mat')?.in_stock, true)
      } finally {
        await reel.close()
      }
    })
  })
}

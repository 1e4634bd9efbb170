import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { templateInputSchema } from '../coupons/index.js'
import { bearer, engines } from '../test-support/engines.js'
import { buildHttp } from './server.js'

const NOW = new Date('2026-05-01T09:00:00.000Z')
const MEMBERS = ['mina', 'joon', 'sora']

for (const engine of engines) {
  describe(`the shop's gifts, page by page (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let app: FastifyInstance
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { authorization: bearer() } })
      return { status: res.statusCode, body: res.json() }
    }
    const sent: string[] = []

    before(async () => {
      reel = await engine.start({ clock: () => NOW })
      app = await buildHttp(reel, { logger: false })
      await reel.ingestor.ingest(
        MEMBERS.map((id) => ({
          type: 'identify',
          userId: id,
          messageId: `id-${id}`,
          timestamp: NOW.toISOString(),
          traits: { email: `${id}@example.kr`, name: id },
        })),
      )
      // The API's defaults for the rest (giftable once).
      const template = await reel.coupons.createTemplate(
        templateInputSchema.parse({
          name: 'pass it on',
          kind: 'loyalty',
          discount: { type: 'amount', amount: 3000, currency: 'KRW' },
          validDays: 30,
        }),
      )
      const coupons = await reel.coupons.issue({ templateId: template.id, customerIds: MEMBERS })
      // All at the same instant: the pages must still neither skip nor repeat a gift.
      for (const [i, coupon] of coupons.entries()) {
        const to = MEMBERS[(i + 1) % MEMBERS.length] as string
        sent.push(
          (await reel.coupons.gift({ couponId: coupon.id, giverId: coupon.ownerId, to: { customerId: to } }))
            .id,
        )
      }
    })
    after(async () => {
      await app.close()
      await reel.close()
    })

    it('lists every gift of the shop once, newest first, two at a time', async () => {
      const first = await get('/api/v1/gifts?limit=2')
      assert.equal(first.status, 200)
      assert.equal(first.body.gifts.length, 2)
      assert.equal(typeof first.body.next, 'string')
      const second = await get(`/api/v1/gifts?limit=2&after=${first.body.next}`)
      assert.equal(second.status, 200)
      assert.equal(second.body.gifts.length, 1)
      assert.equal(second.body.next, null)
      const ids = [...first.body.gifts, ...second.body.gifts].map((g: { id: string }) => g.id)
      assert.deepEqual([...ids].sort(), [...sent].sort())
      const all = await get('/api/v1/gifts?limit=3')
      assert.deepEqual(
        all.body.gifts.map((g: { id: string }) => g.id),
        ids,
      )
      assert.equal(all.body.next, null, 'a last page exactly full has no next')
    })

    it('names a bad cursor or limit with 400, not 500', async () => {
      const cursor = await get('/api/v1/gifts?after=nonsense')
      assert.equal(cursor.status, 400)
      assert.match(cursor.body.error.message, /querystring\.after/)
      const limit = await get('/api/v1/gifts?limit=0')
      assert.equal(limit.status, 400)
      assert.match(limit.body.error.message, /querystring\.limit/)
    })
  })
}

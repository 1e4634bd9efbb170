import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { bearer, engines } from '../test-support/engines.js'
import { buildHttp } from './server.js'

const NOW = new Date('2026-05-01T09:00:00.000Z')
const DAY = 86_400_000

for (const engine of engines) {
  describe(`coupon template figures (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let app: FastifyInstance
    const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const res = await app.inject({
        method,
        url,
        headers: { authorization: bearer() },
        ...(payload === undefined ? {} : { payload: payload as object }),
      })
      return { status: res.statusCode, body: res.json() }
    }
    const template = async (name: string, validDays: number) =>
      (
        await call('POST', '/api/v1/coupon-templates', {
          name,
          kind: 'welcome',
          discount: { type: 'amount', amount: 5000, currency: 'KRW' },
          validDays,
        })
      ).body.id as string
    const issue = async (templateId: string, customerIds: string[]) =>
      (await call('POST', '/api/v1/coupons', { templateId, customerIds })).body.coupons as Array<{
        id: string
      }>

    before(async () => {
      let now = NOW
      reel = await engine.start({ clock: () => now })
      app = await buildHttp(reel, { logger: false })
      await reel.ingestor.ingest(
        ['mina', 'joon', 'sora'].map((id) => ({
          type: 'identify',
          userId: id,
          messageId: `id-${id}`,
          timestamp: NOW.toISOString(),
          traits: { email: `${id}@example.kr`, name: id },
        })),
      )
      const lasting = await template('lasting', 30)
      const [redeemed, voided, gifted, kept] = await issue(lasting, ['mina', 'joon', 'mina', 'sora'])
      assert.ok(redeemed && voided && gifted && kept)
      const redemption = await call('POST', '/api/v1/coupons/redeem', {
        coupon: redeemed.id,
        customerId: 'mina',
        orderId: 'o-1',
        orderTotal: 30000,
        currency: 'KRW',
      })
      assert.equal(redemption.status, 200)
      assert.equal((await call('POST', `/api/v1/coupons/${voided.id}/void`, { reason: 'test' })).status, 200)
      const gift = await call('POST', `/api/v1/coupons/${gifted.id}/gift`, {
        giverId: 'mina',
        to: { customerId: 'sora' },
      })
      assert.equal(gift.status, 201)
      const claim = await call('POST', `/api/v1/gifts/${gift.body.id}/claim`, { customerId: 'sora' })
      assert.equal(claim.status, 200)
      const brief = await template('brief', 1)
      await issue(brief, ['joon', 'sora'])
      await template('unused', 10)
      now = new Date(NOW.getTime() + 2 * DAY)
      await reel.coupons.runMaintenance(now)
    })
    after(async () => {
      await app.close()
      await reel.close()
    })

    it("counts each template's coupons by what became of them", async () => {
      const res = await call('GET', '/api/v1/coupon-templates/figures')
      assert.equal(res.status, 200)
      const templates = (await call('GET', '/api/v1/coupon-templates')).body.templates as Array<{
        id: string
        name: string
      }>
      const byName = new Map(
        (res.body.templates as Array<{ templateId: string }>).map((f) => [
          templates.find((t) => t.id === f.templateId)?.name,
          f,
        ]),
      )
      assert.deepEqual(byName.get('lasting'), {
        templateId: templates.find((t) => t.name === 'lasting')?.id,
        issued: 4,
        active: 2,
        redeemed: 1,
        expired: 0,
        voided: 1,
        gifted: 1,
      })
      assert.deepEqual(
        { ...byName.get('brief'), templateId: undefined },
        { templateId: undefined, issued: 2, active: 0, redeemed: 0, expired: 2, voided: 0, gifted: 0 },
      )
      assert.equal(byName.has('unused'), false, 'a template with no coupon is absent')
    })

    it('names an unknown parameter with 400, not 500', async () => {
      const res = await call('GET', '/api/v1/coupon-templates/figures?template=x')
      assert.equal(res.status, 400)
      assert.match(res.body.error.message, /querystring\.template/)
    })
  })
}

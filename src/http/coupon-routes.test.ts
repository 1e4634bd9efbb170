import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { bearer, engines } from '../test-support/engines.js'
import { buildHttp } from './server.js'

const NOW = new Date('2026-05-01T09:00:00.000Z')

for (const engine of engines) {
  describe(`coupon API (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let app: FastifyInstance
    const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, token = bearer()) => {
      const res = await app.inject({
        method,
        url,
        headers: { authorization: token },
        ...(payload === undefined ? {} : { payload: payload as object }),
      })
      return { status: res.statusCode, body: res.json() }
    }
    let templateId: string

    before(async () => {
      reel = await engine.start({ clock: () => NOW })
      app = await buildHttp(reel, { logger: false })
      await reel.ingestor.ingest(
        ['mina', 'joon'].map((id) => ({
          type: 'identify',
          userId: id,
          messageId: `id-${id}`,
          timestamp: NOW.toISOString(),
          traits: { email: `${id}@example.kr`, name: id },
        })),
      )
    })
    after(async () => {
      await app.close()
      await reel.close()
    })

    it('needs the admin token', async () => {
      const res = await call('GET', '/api/v1/coupons', undefined, 'Bearer nope')
      assert.equal(res.status, 401)
    })

    it('creates a template, and names the field of a bad one', async () => {
      const bad = await call('POST', '/api/v1/coupon-templates', {
        name: 'x',
        kind: 'birthday',
        discount: { type: 'percent', percent: 150 },
        validDays: 10,
      })
      assert.equal(bad.status, 400)
      assert.match(bad.body.error.message, /discount\.percent/)
      const noValidity = await call('POST', '/api/v1/coupon-templates', {
        name: 'x',
        kind: 'welcome',
        discount: { type: 'amount', amount: 5000, currency: 'KRW' },
      })
      assert.equal(noValidity.status, 400)
      assert.match(noValidity.body.error.message, /validDays/)
      const made = await call('POST', '/api/v1/coupon-templates', {
        name: '5,000 won welcome',
        kind: 'welcome',
        discount: { type: 'amount', amount: 5000, currency: 'KRW' },
        minOrder: 20000,
        validDays: 14,
      })
      assert.equal(made.status, 201, JSON.stringify(made.body))
      assert.deepEqual(
        [made.body.giftable, made.body.maxGiftHops, made.body.releaseOnCancel],
        [true, 1, true],
      )
      templateId = made.body.id
    })

    it('issues, validates, redeems once and reports refusals with their code', async () => {
      const issued = await call('POST', '/api/v1/coupons', {
        templateId,
        customerIds: ['mina'],
        idempotencyKey: 'welcome-mina',
      })
      assert.equal(issued.status, 201)
      const coupon = issued.body.coupons[0]
      const retried = await call('POST', '/api/v1/coupons', {
        templateId,
        customerIds: ['mina'],
        idempotencyKey: 'welcome-mina',
      })
      assert.equal(retried.body.coupons[0].id, coupon.id)
      const stranger = await call('POST', '/api/v1/coupons', { templateId, customerIds: ['anon-1'] })
      assert.equal(stranger.status, 422)
      assert.equal(stranger.body.error.code, 'REEL_ERR_COUPON_NOT_A_MEMBER')

      const order = {
        coupon: coupon.code,
        customerId: 'mina',
        orderId: 'K-1',
        orderTotal: 30000,
        currency: 'KRW',
      }
      const check = await call('POST', '/api/v1/coupons/validate', order)
      assert.deepEqual([check.body.valid, check.body.discount], [true, 5000])
      const low = await call('POST', '/api/v1/coupons/validate', { ...order, orderTotal: 100 })
      assert.deepEqual([low.body.valid, low.body.refusal], [false, 'below_minimum'])
      const redeemed = await call('POST', '/api/v1/coupons/redeem', order)
      assert.equal(redeemed.status, 200)
      assert.deepEqual([redeemed.body.discount, redeemed.body.repeated], [5000, false])
      const twice = await call('POST', '/api/v1/coupons/redeem', { ...order, orderId: 'K-2' })
      assert.equal(twice.status, 409)
      assert.equal(twice.body.error.code, 'REEL_ERR_COUPON_ALREADY_REDEEMED')
      const unknown = await call('POST', '/api/v1/coupons/redeem', { ...order, coupon: 'ZZZZZ-ZZZZZ' })
      assert.equal(unknown.status, 404)
      const missing = await call('POST', '/api/v1/coupons/redeem', {
        coupon: coupon.code,
        customerId: 'mina',
      })
      assert.equal(missing.status, 400)
      assert.match(missing.body.error.message, /orderId/)

      const detail = await call('GET', `/api/v1/coupons/${coupon.code}`)
      assert.deepEqual(
        detail.body.ledger.map((l: { action: string }) => l.action),
        ['issued', 'redeemed'],
      )
    })

    it('gifts by e-mail to a member, who claims it; figures and chain follow', async () => {
      const issued = await call('POST', '/api/v1/coupons', { templateId, customerIds: ['mina'] })
      const coupon = issued.body.coupons[0]
      const toSelf = await call('POST', `/api/v1/coupons/${coupon.id}/gift`, {
        giverId: 'mina',
        to: { email: 'MINA@example.kr' },
      })
      assert.equal(toSelf.body.error.code, 'REEL_ERR_GIFT_TO_SELF')
      const badEmail = await call('POST', `/api/v1/coupons/${coupon.id}/gift`, {
        giverId: 'mina',
        to: { email: 'not-an-email' },
      })
      assert.equal(badEmail.status, 400)
      const gift = await call('POST', `/api/v1/coupons/${coupon.id}/gift`, {
        giverId: 'mina',
        to: { email: 'joon@example.kr' },
        message: '생일 축하해!',
      })
      assert.equal(gift.status, 201, JSON.stringify(gift.body))
      assert.equal(gift.body.receiverId, 'joon')
      const pending = await call('POST', '/api/v1/coupons/redeem', {
        coupon: coupon.code,
        customerId: 'mina',
        orderId: 'K-3',
        orderTotal: 30000,
        currency: 'KRW',
      })
      assert.equal(pending.body.error.code, 'REEL_ERR_COUPON_GIFT_PENDING')
      const claimed = await call('POST', `/api/v1/gifts/${gift.body.id}/claim`, { customerId: 'joon' })
      assert.equal(claimed.status, 200)
      const again = await call('POST', `/api/v1/gifts/${gift.body.id}/decline`, { customerId: 'joon' })
      assert.equal(again.body.error.code, 'REEL_ERR_GIFT_NOT_PENDING')
      const figures = await call('GET', '/api/v1/gifts/figures')
      assert.deepEqual([figures.body.total.giftsSent, figures.body.total.claimed], [1, 1])
      assert.deepEqual(
        figures.body.byKind.map((k: { kind: string }) => k.kind),
        ['welcome'],
      )
      const chain = await call('GET', '/api/v1/gifts/chain/mina')
      assert.equal(chain.body.membersReached, 1)
      const joon = await call('GET', '/api/v1/customers/joon')
      assert.deepEqual(
        joon.body.coupons.map((c: { id: string }) => c.id),
        [coupon.id],
        'the customer view shows the coupon they were given',
      )
      const audit = await call('GET', '/api/v1/coupons/audit')
      assert.deepEqual(audit.body.violations, [])
    })

    it('describes every coupon route in the OpenAPI document', async () => {
      const doc = (await app.inject({ url: '/api/openapi.json' })).json()
      for (const path of ['/api/v1/coupons/redeem', '/api/v1/coupons/{id}/gift', '/api/v1/gifts/figures'])
        assert.ok(doc.paths[path], path)
    })
  })
}

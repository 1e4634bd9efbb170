/**
 * The shop-wide holdout on both engines: its members enter no marketing campaign (a transactional one
 * reaches them), they are recorded, and the programme's report measures every member against them.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { inGlobalHoldout } from '../campaigns/index.js'
import { readSetting } from '../db/index.js'
import type { RawMessage } from '../events/index.js'
import { bearer, engines } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'

const T0 = new Date('2026-11-02T01:00:00.000Z')
const daysAfter = (d: number) => new Date(T0.getTime() + d * 86_400_000)
const MEMBERS = 600

const member = (i: number): RawMessage =>
  ({
    type: 'identify',
    userId: `m-${i}`,
    messageId: `identify-${i}`,
    timestamp: daysAfter(-200).toISOString(),
    traits: { email: `m${i}@example.com`, consent: { email: true } },
  }) as RawMessage

const order = (i: number, at: Date): RawMessage =>
  ({
    type: 'track',
    event: 'Order Completed',
    userId: `m-${i}`,
    messageId: `order-${i}-${at.getTime()}`,
    timestamp: at.toISOString(),
    properties: { order_id: `o-${i}-${at.getTime()}`, total: 40_000, currency: 'KRW', products: [] },
  }) as RawMessage

const everyone = (messageType: 'marketing' | 'order_updates', name: string) => ({
  name,
  trigger: {
    type: 'segment' as const,
    rules: [{ field: 'orders_count' as const, op: '>=' as const, value: 0 }],
    everyHours: 24,
    reenterAfterDays: null,
  },
  audience: [],
  steps: [
    { type: 'send' as const, channel: 'log' as const, template: 'note', messageType, couponTemplateId: null },
  ],
  holdoutShare: 0,
  goalDays: 7,
  quietHours: 'hold' as const,
  caps: {},
})

for (const engine of engines) {
  describe(`shop-wide holdout and the programme's report (${engine.name})`, { skip: engine.skip }, () => {
    let now = T0
    const served = httpOnEngine(engine, {
      clock: () => now,
      env: { REEL_GLOBAL_HOLDOUT: '0.3', REEL_CAMPAIGN_SIGNAL_LAG_MS: '0' },
    })
    const get = (url: string) =>
      served.app.inject({ method: 'GET', url, headers: { authorization: bearer() } })

    test('held-out members enter no marketing campaign, are recorded, and a transactional campaign reaches them', async () => {
      const { reel } = served
      await reel.ingestor.ingest(
        Array.from({ length: MEMBERS }, (_, i) => member(i)),
        { receivedAt: now.toISOString() },
      )
      await reel.templates.save({ name: 'note', channel: 'log', locale: 'en', subject: 'Hi', text: 'Hi' })
      const salt = await readSetting(reel.database.db, 'global_holdout_salt')
      assert.ok(salt, 'the shop-wide salt is made once and stored')
      const heldOut = new Set(
        Array.from({ length: MEMBERS }, (_, i) => `m-${i}`).filter((id) =>
          inGlobalHoldout({ salt, share: 0.3 }, id),
        ),
      )
      assert.ok(heldOut.size > 130 && heldOut.size < 230, `${heldOut.size} held out`)
      const marketing = await reel.campaigns.create(everyone('marketing', 'news'), 'active')
      const updates = await reel.campaigns.create(everyone('order_updates', 'order notes'), 'active')
      await reel.campaigns.runOnce(now)
      const reached = async (campaignId: string) =>
        new Set((await reel.campaigns.exposures({ campaignId, limit: 1000 })).map((e) => e.customerId))
      const news = await reached(marketing.id)
      assert.equal(news.size, MEMBERS - heldOut.size)
      assert.ok(![...heldOut].some((id) => news.has(id)), 'no held-out member got the marketing message')
      assert.equal((await reached(updates.id)).size, MEMBERS, 'order updates reach everyone')

      // Outside the holdout two thirds of the members order in the period, inside it half.
      now = daysAfter(10)
      const orders: RawMessage[] = []
      for (let i = 0; i < MEMBERS; i++)
        if (heldOut.has(`m-${i}`) ? i % 2 === 0 : i % 3 !== 0) orders.push(order(i, daysAfter(2)))
      await reel.ingestor.ingest(orders, { receivedAt: now.toISOString() })

      const response = await get(`/api/v1/report/program?from=${T0.toISOString()}&to=${now.toISOString()}`)
      assert.equal(response.statusCode, 200, response.body)
      const report = response.json()
      assert.equal(report.globalHoldout, 0.3)
      assert.deepEqual(report.members, { treatment: MEMBERS - heldOut.size, holdout: heldOut.size })
      assert.deepEqual(report.heldBack, { members: heldOut.size, entries: heldOut.size })
      const { arms } = report.overall.analysis
      const ordered = (held: boolean) =>
        Array.from({ length: MEMBERS }, (_, i) => i).filter(
          (i) => heldOut.has(`m-${i}`) === held && (held ? i % 2 === 0 : i % 3 !== 0),
        ).length
      assert.equal(arms.treatment.conversionRate, ordered(false) / (MEMBERS - heldOut.size))
      assert.equal(arms.holdout.conversionRate, ordered(true) / heldOut.size)
      assert.equal(arms.treatment.revenuePerCustomer, (40_000 * ordered(false)) / (MEMBERS - heldOut.size))
      assert.notEqual(report.overall.verdict.kind, 'not_enough_data', JSON.stringify(report.overall.analysis))
      assert.ok(report.overall.analysis.money.incrementalRevenue, 'an estimate of what the programme added')
    })

    test('a period before anything happened has counts and "not enough data yet"; a reversed one is refused', async () => {
      const early = await get(
        `/api/v1/report/program?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z&locale=ko`,
      )
      assert.equal(early.statusCode, 200, early.body)
      assert.equal(early.json().overall.verdict.kind, 'not_enough_data')
      assert.match(early.json().overall.verdict.text, /^아직 데이터가 부족합니다/)
      const reversed = await get('/api/v1/report/program?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')
      assert.equal(reversed.statusCode, 400)
      assert.match(reversed.body, /from must be before to/)
    })
  })
}

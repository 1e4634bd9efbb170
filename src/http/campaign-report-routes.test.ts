/**
 * The campaign report on both engines: what it gathers for each exposed customer (orders and revenue in the
 * goal window, the campaign coupon's discount, the message cost, the spend before exposure), and the route
 * that analyses it, in English and Korean, including for a campaign nobody entered.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { CampaignInput, Step } from '../campaigns/index.js'
import { exposedUnits } from '../campaigns/report-units.js'
import { oneEmailCampaign } from '../campaigns/test-support/one-email.js'
import { redeemedDiscounts, templateInputSchema } from '../coupons/index.js'
import type { RawMessage } from '../events/index.js'
import { completedOrdersInWindows, ordersInWindows } from '../orders/index.js'
import { bearer, engines } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'

// 10:00 in Seoul: outside quiet hours.
const T0 = new Date('2026-11-02T01:00:00.000Z')
const daysAfter = (d: number) => new Date(T0.getTime() + d * 86_400_000)
const MEMBERS = 400
const everyMember: CampaignInput['trigger'] = {
  type: 'segment',
  rules: [{ field: 'orders_count', op: '>=', value: 0 }],
  everyHours: 24,
  reenterAfterDays: null,
}
const id = (i: number) => `m-${i}`

function member(i: number): RawMessage {
  return {
    type: 'identify',
    userId: id(i),
    messageId: `identify-${i}`,
    timestamp: daysAfter(-300).toISOString(),
    traits: { email: `m${i}@example.com`, locale: 'en', consent: { email: true } },
  } as RawMessage
}

function order(i: number, orderId: string, total: number, at: Date, coupon?: string): RawMessage {
  return {
    type: 'track',
    event: 'Order Completed',
    userId: id(i),
    messageId: `order-${orderId}`,
    timestamp: at.toISOString(),
    properties: {
      order_id: orderId,
      total,
      currency: 'KRW',
      products: [],
      ...(coupon ? { coupon, discount: 5000 } : {}),
    },
  } as RawMessage
}

for (const engine of engines) {
  describe(`campaign report (${engine.name})`, { skip: engine.skip, timeout: 180_000 }, () => {
    let now = T0
    const served = httpOnEngine(engine, {
      clock: () => now,
      env: { REEL_CAMPAIGN_SIGNAL_LAG_MS: '0', REEL_MESSAGE_COST_EMAIL: '20' },
    })
    const get = (url: string, headers: Record<string, string> = {}) =>
      served.app.inject({ method: 'GET', url, headers: { authorization: bearer(), ...headers } })
    const ingest = async (batch: RawMessage[]) => {
      const result = await served.reel.ingestor.ingest(batch, { receivedAt: now.toISOString() })
      assert.equal(result.quarantined.length, 0, JSON.stringify(result.quarantined))
    }

    let campaignId = ''
    const armOf = new Map<string, string>()
    const couponOf = new Map<string, string>()

    test('a campaign nobody entered reports its counts and "not enough data yet", not an error', async () => {
      const { reel } = served
      await reel.templates.save({
        name: 'winback',
        channel: 'email',
        locale: 'en',
        subject: 'Hi',
        text: 'Hi',
      })
      const empty = await reel.campaigns.create(
        oneEmailCampaign('nobody', { type: 'signal', kind: 'cart_abandoned', maxAgeHours: 24 }, 'winback'),
      )
      const response = await get(`/api/v1/campaigns/${empty.id}/report`)
      assert.equal(response.statusCode, 200, response.body)
      const report = response.json()
      assert.deepEqual(report.entered, { treatment: 0, holdout: 0 })
      assert.equal(report.overall.analysis.enough, false)
      assert.equal(report.overall.verdict.kind, 'not_enough_data')
      assert.equal(
        report.overall.verdict.text,
        'not enough data yet (0 exposed in the treatment, 0 in the holdout)',
      )
      assert.deepEqual(report.daily, [])
      assert.equal((await get('/api/v1/campaigns/cmp_nope/report')).statusCode, 404)
      assert.equal((await get(`/api/v1/campaigns/${empty.id}/report?locale=fr`)).statusCode, 400)
    })

    test('each exposed customer is gathered with the window orders, the coupon discount, the message cost and the spend before', async () => {
      const { reel } = served
      await ingest(Array.from({ length: MEMBERS }, (_, i) => member(i)))
      // Even-numbered members ordered once, 30 days before the campaign: the "new buyer" segment.
      await ingest(
        Array.from({ length: MEMBERS / 2 }, (_, k) =>
          order(2 * k, `pre-${2 * k}`, 30_000 + 2 * k * 100, daysAfter(-30)),
        ),
      )
      const template = await reel.coupons.createTemplate(
        templateInputSchema.parse({
          name: '5,000 won back',
          kind: 'win_back',
          discount: { type: 'amount', amount: 5000, currency: 'KRW' },
          validDays: 30,
        }),
      )
      const winBack = oneEmailCampaign('win-back', everyMember, 'winback', { holdoutShare: 0.5, caps: {} })
      const campaign = await reel.campaigns.create(
        { ...winBack, steps: [{ ...winBack.steps[0], couponTemplateId: template.id } as Step] },
        'active',
      )
      campaignId = campaign.id
      await reel.campaigns.runOnce(now)
      for (const e of await reel.campaigns.exposures({ campaignId, limit: 1000 }))
        armOf.set(e.customerId, e.arm)
      assert.equal(armOf.size, MEMBERS)
      for (const [customer, arm] of armOf) {
        if (arm !== 'treatment') continue
        const { coupons } = await reel.coupons.listCoupons({ ownerId: customer, limit: 5 })
        const coupon = coupons[0]
        assert.ok(coupon, `a coupon for ${customer}`)
        couponOf.set(customer, coupon.code)
      }
      // Half the treatment orders with its coupon (the even-numbered), a quarter of the holdout without; one treated
      // customer orders again after the window closed.
      now = daysAfter(1)
      const orders: RawMessage[] = []
      for (let i = 0; i < MEMBERS; i++) {
        const arm = armOf.get(id(i))
        if (arm === 'treatment' && i % 2 === 0)
          orders.push(order(i, `o-${i}`, 60_000, now, couponOf.get(id(i))))
        if (arm === 'holdout' && i % 4 === 0) orders.push(order(i, `o-${i}`, 60_000, now))
      }
      const lateBuyer = [...armOf].findIndex(([, arm]) => arm === 'treatment')
      await ingest(orders)
      now = daysAfter(10)
      await ingest([order(Number(id(lateBuyer).slice(2)), 'late', 99_000, daysAfter(9))])

      const units = []
      for await (const page of exposedUnits(
        reel.database.db,
        campaign,
        now,
        { completedOrdersInWindows, ordersInWindows, redeemedDiscounts },
        { currency: 'KRW', messageCost: { email: 20 } },
        64, // several pages
      ))
        units.push(...page)
      assert.equal(units.length, MEMBERS)
      for (const u of units) {
        const i = Number(u.customerId.slice(2))
        const ordered = u.arm === 'treatment' ? i % 2 === 0 : i % 4 === 0
        assert.equal(u.orders, ordered ? 1 : 0, u.customerId)
        // Before the campaign's coupon: the treated buyers paid 60,000 after its 5,000.
        assert.equal(u.revenue, ordered ? (u.arm === 'treatment' ? 65_000 : 60_000) : 0)
        assert.equal(u.discount, ordered && u.arm === 'treatment' ? 5000 : 0)
        assert.equal(u.messageCost, u.arm === 'treatment' ? 20 : 0)
        assert.equal(u.preSpend, i % 2 === 0 ? 30_000 + i * 100 : 0)
        assert.equal(u.priorSpend, u.preSpend)
        assert.equal(u.buyer, i % 2 === 0 ? 'new' : 'none')
        assert.equal(u.trigger, 'segment')
      }
    })

    test("the report analyses the arms as gathered, by segment and day by day, in the reader's language", async () => {
      const response = await get(`/api/v1/campaigns/${campaignId}/report`)
      assert.equal(response.statusCode, 200, response.body)
      const report = response.json()
      const treated = [...armOf].filter(([, arm]) => arm === 'treatment').map(([c]) => Number(c.slice(2)))
      const held = [...armOf].filter(([, arm]) => arm === 'holdout').map(([c]) => Number(c.slice(2)))
      const buyersT = treated.filter((i) => i % 2 === 0).length
      const buyersH = held.filter((i) => i % 4 === 0).length
      const { analysis } = report.overall
      assert.deepEqual(report.entered, { treatment: treated.length, holdout: held.length })
      assert.equal(analysis.arms.treatment.n, treated.length)
      assert.equal(analysis.arms.treatment.conversionRate, buyersT / treated.length)
      assert.equal(analysis.arms.holdout.conversionRate, buyersH / held.length)
      assert.equal(analysis.arms.treatment.revenuePerCustomer, (65_000 * buyersT) / treated.length)
      assert.equal(analysis.money.discountCost, 5000 * buyersT)
      assert.equal(analysis.money.messageCost, 20 * treated.length)
      assert.equal(report.windowsOpen, 0)
      assert.equal(report.intervals, 'always-valid')
      assert.ok(analysis.revenuePerCustomerCuped, 'CUPED on the spend before exposure')
      assert.equal(analysis.srm.mismatch, false)
      assert.ok(
        ['adds_orders', 'no_effect_yet'].includes(report.overall.verdict.kind),
        report.overall.verdict.text,
      )

      assert.deepEqual(
        report.breakdowns.trigger.map((g: { key: string }) => g.key),
        ['segment'],
      )
      const buyer = report.breakdowns.buyer as Array<{ key: string; analysis: typeof analysis }>
      assert.deepEqual(
        buyer.map((g) => [g.key, g.analysis.arms.treatment.n + g.analysis.arms.holdout.n]),
        [
          ['none', MEMBERS / 2],
          ['new', MEMBERS / 2],
        ],
      )
      assert.deepEqual(
        report.breakdowns.spendBand.map((g: { key: string }) => g.key),
        ['none', 'low', 'middle', 'high'],
      )
      const days = report.daily as Array<{ day: string; treatment: number; conversion: unknown }>
      assert.equal(days[0]?.day, '2026-11-02')
      assert.equal(days.at(-1)?.day, '2026-11-12')
      assert.equal(days.at(-1)?.treatment, treated.length)
      assert.equal(days[0]?.conversion, null, 'nobody had ordered on the first evening')
      const last = report.daily.at(-1)
      assert.deepEqual(
        last.conversionRate,
        { treatment: analysis.arms.treatment.conversionRate, holdout: analysis.arms.holdout.conversionRate },
        "the last evening's arms are the overall figures",
      )
      assert.ok(
        Math.abs(last.conversion.estimate - (last.conversionRate.treatment - last.conversionRate.holdout)) <
          1e-12,
        'the lift is the gap between the lines',
      )

      const ko = (
        await get(`/api/v1/campaigns/${campaignId}/report`, { 'accept-language': 'ko-KR,ko;q=0.9' })
      ).json()
      assert.equal(ko.overall.verdict.locale, 'ko')
      assert.match(ko.overall.verdict.text, /고객 100명당 주문/)
      const en = (
        await get(`/api/v1/campaigns/${campaignId}/report?locale=en`, { 'accept-language': 'ko' })
      ).json()
      assert.equal(en.overall.verdict.locale, 'en')

      assert.equal(report.targeting.topShare, 0.3, 'every window closed: the value of targeting is given')
      assert.equal(report.targeting.folds, 2)
      const results = await get(`/api/v1/campaigns/${campaignId}/results`)
      assert.equal(results.json().treatment.converted, buyersT, 'the results route still answers')
    })

    test("the all-campaigns report gives each campaign's verdict and their totals, per trigger kind too", async () => {
      const response = await get('/api/v1/campaigns/report?locale=ko')
      assert.equal(response.statusCode, 200, response.body)
      const all = response.json()
      // biome-ignore lint/suspicious/noExplicitAny: the JSON answer, checked field by field below
      type Row = { name: string; trigger: string; report: { overall: any } }
      const byName = new Map<string, Row>(all.campaigns.map((c: Row) => [c.name, c]))
      const winBack = byName.get('win-back')?.report.overall
      assert.equal(byName.get('win-back')?.trigger, 'segment')
      assert.equal(all.totals.campaigns, all.campaigns.length, 'the starter campaigns too')
      assert.equal(all.totals.exposed.treatment, winBack.analysis.arms.treatment.n)
      assert.equal(all.totals.discountCost, winBack.analysis.money.discountCost)
      assert.equal(all.totals.incrementalProfit.estimate, winBack.analysis.money.incrementalProfit.estimate)
      assert.equal(
        all.totals.incrementalProfit.missing,
        all.campaigns.length - 1,
        'nobody entered the others',
      )
      assert.equal(
        byName.get('nobody')?.report.overall.verdict.text,
        '아직 데이터가 부족합니다 (노출: 실험군 0명, 대조군 0명)',
      )
      const byTrigger = new Map(
        all.byTrigger.map((t: { trigger: string; totals: { campaigns: number } }) => [
          t.trigger,
          t.totals.campaigns,
        ]),
      )
      assert.equal(byTrigger.get('segment'), 1)
      assert.equal(byTrigger.get('signal cart_abandoned'), 2, "'nobody' and the starter cart reminder")
    })

    test('a model trained on the campaign targets a later one at its top share, both arms from the targeted set', async () => {
      const { reel, app } = served
      const post = (url: string, payload: unknown) =>
        app.inject({ method: 'POST', url, headers: { authorization: bearer() }, payload: payload as object })
      const trained = await post(`/api/v1/campaigns/${campaignId}/uplift-models`, { seed: 1 })
      assert.equal(trained.statusCode, 201, trained.body)
      const model = trained.json()
      assert.equal(model.rows, MEMBERS)
      assert.equal(model.learner, 'two-model-logistic')
      assert.equal(model.scoreQuantiles.length, 101)
      assert.deepEqual(
        (await get('/api/v1/uplift-models')).json().models.map((m: { id: string }) => m.id),
        [model.id],
      )
      const nobody = (await reel.campaigns.list()).find((c) => c.name === 'nobody')
      const untrainable = await post(`/api/v1/campaigns/${nobody?.id}/uplift-models`, {})
      assert.equal(untrainable.statusCode, 409)
      assert.equal(untrainable.json().error.code, 'REEL_ERR_CAMPAIGN_CANNOT_TRAIN')
      assert.match(untrainable.body, /both treated and control/)

      const targeted = {
        name: 'aimed win-back',
        trigger: everyMember,
        audience: { rules: [], upliftModel: model.id, topShare: 0.3 },
        steps: [{ type: 'send', channel: 'email', template: 'winback' }],
        holdoutShare: 0.5,
      }
      const refused = await post('/api/v1/campaigns', { ...targeted, audience: { upliftModel: 'upm_nope' } })
      assert.equal(refused.statusCode, 400)
      assert.match(refused.body, /audience\.upliftModel/)
      const created = await post('/api/v1/campaigns', targeted)
      assert.equal(created.statusCode, 201, created.body)
      assert.deepEqual(created.json().audience, { rules: [], upliftModel: model.id, topShare: 0.3 })
      await reel.campaigns.setState(created.json().id, 'active')
      await reel.campaigns.runOnce(now)
      const entered = await reel.campaigns.exposures({ campaignId: created.json().id, limit: 1000 })
      assert.ok(entered.length > 0 && entered.length < MEMBERS, `${entered.length} of ${MEMBERS} entered`)
      const arms = new Set(entered.map((e) => e.arm))
      assert.deepEqual(
        [...arms].sort(),
        ['holdout', 'treatment'],
        'the holdout is drawn from the targeted set',
      )
    })
  })
}

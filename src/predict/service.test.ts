/**
 * Predictions in the product, on both engines: a refusal while the history is thin, then a fit on the
 * shop's orders, its predictions on the customer API, in audience rules and on the radar (churn_risk once
 * per episode, and as every signal's value when the radar values by prediction), and a bad history
 * refused without losing the predictions in use.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RawMessage } from '../events/index.js'
import { membersMatching } from '../profiles/index.js'
import { createRadar } from '../radar/index.js'
import { engines, TEST_ADMIN_TOKEN } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'

const NOW = new Date('2026-11-02T01:00:00.000Z')
const DAY = 86_400_000
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY).toISOString()

function member(userId: string): RawMessage {
  return {
    type: 'identify',
    userId,
    messageId: `id-${userId}`,
    timestamp: daysAgo(400),
    traits: { email: `${userId}@example.com`, locale: 'en' },
  } as RawMessage
}

function order(userId: string, id: string, at: string, total = 50_000, refunded = 0): RawMessage[] {
  const completed = {
    type: 'track',
    event: 'Order Completed',
    userId,
    messageId: `order-${id}`,
    timestamp: at,
    properties: { order_id: id, total, revenue: total, currency: 'KRW', products: [] },
  } as RawMessage
  if (refunded === 0) return [completed]
  const refund = {
    type: 'track',
    event: 'Order Refunded',
    userId,
    messageId: `refund-${id}`,
    timestamp: at,
    properties: { order_id: id, total: refunded, currency: 'KRW' },
  } as RawMessage
  return [completed, refund]
}

/**
 * 80 steady buyers (every 20-40 days up to the last weeks), 60 who bought every 10-20 days for their first
 * 150 days and then stopped, 60 who bought once. Deterministic gaps, so the figures do not move.
 */
function history(): RawMessage[] {
  const messages: RawMessage[] = []
  let state = 7
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
  const buyer = (id: string, from: number, until: number, gap: [number, number]) => {
    messages.push(member(id))
    let n = 0
    for (let d = from; d > until; d -= gap[0] + next() * (gap[1] - gap[0]))
      messages.push(...order(id, `${id}-${n++}`, daysAgo(d), 30_000 + Math.round(next() * 40_000)))
  }
  for (let i = 0; i < 80; i++) buyer(`steady-${i}`, 360 - i, 5 + (i % 20), [20, 40])
  for (let i = 0; i < 60; i++) buyer(`gone-${i}`, 365 - i, 215, [10, 20])
  for (let i = 0; i < 60; i++) buyer(`once-${i}`, 100 + i, 99 + i, [5, 5])
  return messages
}

for (const engine of engines) {
  describe(`predictions in the shop (${engine.name})`, { skip: engine.skip }, () => {
    let now = NOW
    const shop = httpOnEngine(engine, {
      clock: () => now,
      env: { REEL_PREDICT_MIN_REPEAT_BUYERS: '50', REEL_CAMPAIGN_SIGNAL_LAG_MS: '0' },
    })
    const ingest = async (batch: RawMessage[]) => {
      const result = await shop.reel.ingestor.ingest(batch, { receivedAt: now.toISOString() })
      assert.equal(result.quarantined.length, 0, JSON.stringify(result.quarantined))
    }
    const get = async (url: string) => {
      const res = await shop.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      })
      assert.equal(res.statusCode, 200, res.body)
      return res.json()
    }
    const churnSignals = async () =>
      (await shop.reel.radar.listSignals({ kind: 'churn_risk', limit: 1000 })).signals

    it('refuses a history too thin to tell who is still a customer, and says why', async () => {
      await ingest([
        member('first'),
        ...order('first', 'F-1', daysAgo(10)),
        ...order('first', 'F-2', daysAgo(3)),
      ])
      const fit = await shop.reel.predictions.fit()
      assert.equal(fit.status, 'refused')
      assert.match(
        fit.reason ?? '',
        /only 1 customer has bought on two different days; a fit needs at least 50/,
      )
      const overview = await get('/api/v1/predictions')
      assert.equal(overview.latest.status, 'refused')
      assert.equal(overview.current, null)
      assert.equal((await get('/api/v1/customers/first')).predictions, null)
    })

    it('fits the shop’s orders: the customer API explains each prediction', async () => {
      await ingest(history())
      const fit = await shop.reel.predictions.fit()
      assert.equal(fit.status, 'ok', fit.reason ?? '')
      assert.equal(fit.repeatBuyers, 141) // with `first`
      const gone = (await get('/api/v1/customers/gone-0')).predictions
      const steady = (await get('/api/v1/customers/steady-0')).predictions
      const once = (await get('/api/v1/customers/once-0')).predictions
      assert.ok(gone.pAlive < 0.2, JSON.stringify(gone))
      assert.ok(steady.pAlive > 0.8, JSON.stringify(steady))
      assert.equal(once.pAlive, 1)
      assert.ok(steady.expectedOrders90d > gone.expectedOrders90d)
      assert.ok(
        steady.expectedOrders365d > steady.expectedOrders90d &&
          steady.expectedOrders90d > steady.expectedOrders30d,
      )
      // The value had they stayed, discounted: the expected value is P(alive) of it.
      assert.ok(
        Math.abs(gone.predictedValue12m - gone.pAlive * gone.valueIfActive12m) < 1e-6 * gone.valueIfActive12m,
      )
      assert.ok(steady.expectedOrderValue > 30_000 && steady.expectedOrderValue < 70_000)
      assert.equal(gone.currency, 'KRW')
      assert.match(
        gone.explanation.en,
        /^Bought \d+ times over \d+ months, silent for 7 months: \d+% likely still active/,
      )
      assert.match(once.explanation.en, /^Bought once, 3 months ago/)
      assert.ok(steady.nextOrderOn > '2026-11-02')
      const overview = await get('/api/v1/predictions')
      assert.equal(overview.current.id, fit.fitId)
      assert.equal(overview.current.quality.status, 'ok', JSON.stringify(overview.current.quality))
      assert.equal(overview.current.quality.check.pAliveDeciles.length, 10)
      assert.ok(overview.totals.valueAtRisk > 0 && overview.totals.atRisk > 0)
    })

    it('puts the predictions in audience rules', async () => {
      const leaving = await membersMatching(
        shop.reel.database.db,
        [{ field: 'p_alive', op: '<', value: 0.5 }],
        now,
        {},
      )
      assert.ok(leaving.length >= 50, `${leaving.length}`)
      assert.ok(
        leaving.every((id) => id.startsWith('gone-')),
        leaving.join(),
      )
      const valuable = await membersMatching(
        shop.reel.database.db,
        [{ field: 'predicted_value_12m', op: '>', value: 100_000 }],
        now,
        {},
      )
      assert.ok(valuable.includes('steady-0') && !valuable.includes('gone-0'))
      // A customer the fit does not hold has no value: only != matches them.
      const unknown = await membersMatching(
        shop.reel.database.db,
        [{ field: 'p_alive', op: '!=', value: 2 }],
        now,
        {},
      )
      assert.ok(unknown.includes('first'))
    })

    it('raises churn_risk once per episode, valued at what the customer would have been worth', async () => {
      const first = await churnSignals()
      assert.ok(first.length > 0 && first.every((s) => s.customerId.startsWith('gone-')))
      const signal = first[0]
      assert.ok(signal)
      const atRisk = (await get(`/api/v1/customers/${signal.customerId}`)).predictions
      assert.ok(atRisk.pAlive < 0.5 && atRisk.atRiskSince === NOW.toISOString())
      assert.ok(Math.abs(signal.valueAtStake - atRisk.valueIfActive12m) < 0.01)
      // Below the median value had they stayed (the default minimum), a customer likely gone is not raised.
      const values = await Promise.all(
        first.map(async (s) => (await get(`/api/v1/customers/${s.customerId}`)).predictions.valueIfActive12m),
      )
      const gone = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => (await get(`/api/v1/customers/gone-${i}`)).predictions),
      )
      const unraised = gone.filter((p) => !first.some((s) => s.customerId === p.customerId))
      assert.ok(unraised.every((p) => p.valueIfActive12m < Math.min(...values)))
      assert.ok(signal.evidence.some((e: string) => e.startsWith('p_alive:')))
      now = new Date(NOW.getTime() + DAY)
      assert.equal((await shop.reel.predictions.fit()).churnRiskRaised, 0)
      assert.equal((await churnSignals()).length, first.length)
      // The customer comes back: the episode ends.
      await ingest(order(signal.customerId, 'back-1', now.toISOString()))
      await shop.reel.predictions.fit()
      assert.equal((await get(`/api/v1/customers/${signal.customerId}`)).predictions.atRiskSince, null)
    })

    it('the starter win-back campaign enrols each churn risk, a tenth held out', async () => {
      const starter = (await shop.reel.campaigns.list()).find((c) => c.starterKey === 'churn_risk_win_back')
      assert.ok(starter && starter.state === 'paused')
      await shop.reel.campaigns.setState(starter.id, 'active')
      const round = await shop.reel.campaigns.runOnce(now)
      const signals = await churnSignals()
      assert.equal(round.enrolled, signals.length)
      const exposures = await shop.reel.campaigns.exposures({ campaignId: starter.id, limit: 1000 })
      assert.deepEqual(
        [...new Set(exposures.map((e) => e.customerId))].sort(),
        signals.map((s) => s.customerId).sort(),
      )
    })

    it('values every radar signal by prediction when the radar is set to', async () => {
      const byPrediction = createRadar({
        db: shop.reel.database.db,
        clock: () => now,
        settings: { ...shop.reel.config.radar, valueBy: 'predicted' },
      })
      const [signal] = (await byPrediction.listSignals({ customerId: 'steady-0', limit: 1 })).signals
      const steady = (await get('/api/v1/customers/steady-0')).predictions
      if (signal) assert.ok(Math.abs(signal.valueAtStake - steady.valueIfActive12m) < 0.01)
      const kinds = await byPrediction.summary()
      const churn = kinds.find((k) => k.kind === 'churn_risk')
      assert.ok(churn && churn.open > 0)
    })

    it('refuses negative order values and keeps the predictions in use', async () => {
      const before = (await get('/api/v1/predictions')).current.id
      await ingest(order('steady-1', 'bad-refund', now.toISOString(), 10_000, 25_000))
      const fit = await shop.reel.predictions.fit()
      assert.equal(fit.status, 'refused')
      assert.match(
        fit.reason ?? '',
        /1 customer-day has a negative order value .*customer steady-1 on 2026-11-03/,
      )
      const overview = await get('/api/v1/predictions')
      assert.equal(overview.latest.status, 'refused')
      assert.equal(overview.current.id, before)
      assert.ok((await get('/api/v1/customers/steady-0')).predictions)
    })
  })
}

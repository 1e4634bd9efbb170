/**
 * Money with its currency: a cart whose events carry none (it never reached `Checkout Started`, and the
 * customer has no order) is at stake in the shop's currency (REEL_DEFAULT_CURRENCY), so the radar adds it to
 * the others instead of showing `₩5,062,000 + 3,540,000`; a currency the events give wins.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Reel } from '../app.js'
import { oneEmailCampaign } from '../campaigns/test-support/one-email.js'
import { renderSummary } from '../cli/radar-command.js'
import { loadConfig } from '../config/index.js'
import type { RawMessage } from '../events/index.js'
import { engines } from '../test-support/engines.js'

// A few hours ago: a campaign reads signals by when the database stored them, by its own clock.
const T = new Date(Math.floor(Date.now() / 1000) * 1000 - 3 * 3_600_000)
const LATER = new Date(T.getTime() + 2 * 3_600_000)

const added = (customer: string, price: number, currency?: string): RawMessage =>
  ({
    type: 'track',
    event: 'Product Added',
    userId: customer,
    messageId: `added-${customer}`,
    timestamp: T.toISOString(),
    properties: {
      cart_id: `cart-${customer}`,
      product_id: 'coat',
      price,
      quantity: 1,
      ...(currency ? { currency } : {}),
    },
  }) as RawMessage

for (const engine of engines) {
  describe(`the radar's money has its currency (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    before(async () => {
      // REEL_DEFAULT_CURRENCY unset: KRW.
      reel = await engine.start({
        clock: () => LATER,
        env: { REEL_QUIET_HOURS: 'off', REEL_CAMPAIGN_SIGNAL_LAG_MS: '0' },
      })
      const jun = {
        type: 'identify',
        userId: 'jun',
        messageId: 'identify-jun',
        timestamp: T.toISOString(),
        traits: { email: 'jun@example.com', locale: 'ko', consent: { email: true } },
      } as RawMessage
      const result = await reel.ingestor.ingest(
        [jun, added('mina', 5_062_000, 'KRW'), added('jun', 3_540_000), added('ann', 120, 'USD')],
        { source: 'test' },
      )
      assert.equal(result.quarantined.length, 0)
      await reel.radar.fireDue(LATER)
    })
    after(() => reel.close())

    it('a cart without a currency is at stake in the shop’s; one the product events name keeps it', async () => {
      const [carts] = (await reel.radar.summary({ asOf: LATER })).filter((k) => k.kind === 'cart_abandoned')
      assert.deepEqual(
        [...(carts?.valueAtStake ?? [])].sort((a, b) => String(a.currency).localeCompare(String(b.currency))),
        [
          { currency: 'KRW', amount: 8_602_000 },
          { currency: 'USD', amount: 120 },
        ],
      )
      assert.match(renderSummary(carts ? [carts] : []), /₩8,602,000 \+ \$120\.00/)
      const { signals } = await reel.radar.listSignals({ kind: 'cart_abandoned', asOf: LATER, limit: 10 })
      assert.deepEqual(signals.map((s) => [s.customerId, s.currency]).sort(), [
        ['ann', 'USD'],
        ['jun', 'KRW'],
        ['mina', 'KRW'],
      ])
    })

    it('a cart reminder writes its total in the shop’s currency', async () => {
      const campaign = await reel.campaigns.create(
        oneEmailCampaign(
          'Cart reminder, in the log',
          { type: 'signal', kind: 'cart_abandoned', maxAgeHours: 24 },
          'cart_reminder',
          {
            holdoutShare: 0,
            steps: [
              {
                type: 'send',
                channel: 'log',
                template: 'cart_reminder',
                messageType: 'marketing',
                couponTemplateId: null,
              },
            ],
          },
        ),
        'active',
      )
      await reel.campaigns.runOnce(LATER)
      await reel.channels.deliverDue(LATER)
      const { messages } = await reel.channels.listMessages({ customerId: 'jun', limit: 1 })
      assert.equal(messages[0]?.metadata.campaignId, campaign.id)
      assert.match(messages[0]?.text ?? '', /합계: 3,540,000원/)
    })
  })
}

it('REEL_DEFAULT_CURRENCY takes a currency code in any case, or none; anything else is refused by name', () => {
  assert.equal(loadConfig({}).radar.defaultCurrency, 'KRW')
  assert.equal(loadConfig({ REEL_DEFAULT_CURRENCY: 'eur' }).radar.defaultCurrency, 'EUR')
  assert.equal(loadConfig({ REEL_DEFAULT_CURRENCY: 'none' }).radar.defaultCurrency, null)
  assert.throws(
    () => loadConfig({ REEL_DEFAULT_CURRENCY: 'won' }),
    /REEL_DEFAULT_CURRENCY: expected a currency code/,
  )
})

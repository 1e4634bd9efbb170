/**
 * Event and segment triggers on both engines: who enters, once, and what their message says. Signal
 * triggers are covered on the demo shop (demo-campaigns.test.ts).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Reel } from '../app.js'
import { type SmtpSink, startSmtpSink } from '../channels/test-support/smtp-sink.js'
import type { RawMessage } from '../events/index.js'
import { buildHttp } from '../http/server.js'
import { engines, TEST_ADMIN_TOKEN } from '../test-support/engines.js'
import type { CampaignInput } from './index.js'
import { oneEmailCampaign } from './test-support/one-email.js'

// 10:00 in Seoul: outside quiet hours.
const T0 = new Date('2026-11-02T01:00:00.000Z')
const hoursAfter = (h: number) => new Date(T0.getTime() + h * 3_600_000)
const daysBefore = (d: number) => new Date(T0.getTime() - d * 86_400_000).toISOString()

function member(userId: string, email: string): RawMessage {
  return {
    type: 'identify',
    userId,
    messageId: `id-${userId}`,
    timestamp: daysBefore(300),
    traits: { email, locale: 'en', timezone: 'Asia/Seoul', consent: { email: true } },
  } as RawMessage
}

function order(
  who: { userId?: string; anonymousId?: string },
  id: string,
  total: number,
  at: string,
): RawMessage {
  return {
    type: 'track',
    event: 'Order Completed',
    ...who,
    messageId: `order-${id}`,
    timestamp: at,
    properties: { order_id: id, total, revenue: total, currency: 'KRW', products: [] },
  } as RawMessage
}

const thanks = (trigger: CampaignInput['trigger']) =>
  oneEmailCampaign(`thanks on ${trigger.type}`, trigger, 'big_order_thanks', { holdoutShare: 0 })

for (const engine of engines) {
  describe(`event and segment triggers (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let smtp: SmtpSink
    let now = T0
    const ingest = async (batch: RawMessage[]) => {
      const result = await reel.ingestor.ingest(batch, { receivedAt: now.toISOString() })
      assert.equal(result.quarantined.length, 0, JSON.stringify(result.quarantined))
    }
    const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email))

    before(async () => {
      smtp = await startSmtpSink()
      reel = await engine.start({
        clock: () => now,
        env: { REEL_SMTP_URL: smtp.url, REEL_CAMPAIGN_SIGNAL_LAG_MS: '0' },
      })
      await reel.templates.save({
        name: 'big_order_thanks',
        channel: 'email',
        locale: 'en',
        subject: 'Thank you{% if event %} for order {{ event.properties.order_id }}{% endif %}',
        text: 'Hi {{ customer.email }}{% if event %}, your {{ event.name }} of {{ event.properties.total }} made our day{% endif %}.',
      })
      await ingest([
        member('ana', 'ana@example.com'),
        member('bo', 'bo@example.com'),
        member('cara', 'cara@example.com'),
        member('dan', 'dan@example.com'),
        // Cara and Dan last ordered long ago; Ana's first big order arrives before the campaign starts.
        order({ userId: 'cara' }, 'C-1', 50_000, daysBefore(40)),
        order({ userId: 'dan' }, 'D-1', 50_000, daysBefore(5)),
        order({ userId: 'ana' }, 'A-1', 150_000, daysBefore(0.05)),
      ])
    })
    after(async () => {
      await reel.close()
      await smtp.close()
    })

    it('an event trigger enrols members whose event passes its rules, once per event, back as far as it allows', async () => {
      const campaign = await reel.campaigns.create(
        thanks({
          type: 'event',
          event: 'Order Completed',
          where: [{ property: 'total', op: '>=', value: 100_000 }],
          maxAgeHours: 24,
        }),
        'active',
      )
      now = hoursAfter(1)
      await ingest([
        order({ userId: 'bo' }, 'B-1', 20_000, now.toISOString()), // below the rule
        order({ userId: 'bo' }, 'B-2', '120000' as unknown as number, now.toISOString()), // a numeric string counts
        order({ anonymousId: 'visitor-1' }, 'V-1', 900_000, now.toISOString()), // not a member
        order({ userId: 'dan' }, 'D-0', 500_000, daysBefore(3)), // imported today, happened too long ago
      ])
      const first = await reel.campaigns.runOnce(now)
      assert.equal(first.enrolled, 2)
      const again = await reel.campaigns.runOnce(now)
      assert.equal(again.enrolled, 0, 'an event is read once')
      await reel.channels.deliverDue(now)
      await reel.campaigns.settleDeliveries()

      const entered = await reel.campaigns.exposures({ campaignId: campaign.id, limit: 10 })
      assert.deepEqual(entered.map((e) => [e.customerId, e.outcome]).sort(), [
        ['ana', 'sent'],
        ['bo', 'sent'],
      ])
      const [ana] = mailsTo('ana@example.com')
      assert.match(ana?.raw ?? '', /Subject: Thank you for order A-1/)
      assert.match(ana?.raw ?? '', /your Order Completed of 150000 made our day/)
      assert.match(mailsTo('bo@example.com')[0]?.raw ?? '', /Subject: Thank you for order B-2/)
      await reel.campaigns.setState(campaign.id, 'archived')
    })

    it('an event trigger is refused with the field named when a rule cannot mean anything', async () => {
      const app = await buildHttp(reel)
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/campaigns',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        payload: thanks({
          type: 'event',
          event: 'Order Completed',
          where: [{ property: 'currency', op: '>', value: 'KRW' }],
          maxAgeHours: 24,
        }),
      })
      await app.close()
      assert.equal(response.statusCode, 400)
      assert.match(response.body, /trigger\.where\.0\.op/)
    })

    it('the admin API shows each channel, whether it is configured, and its messages by state', async () => {
      const app = await buildHttp(reel)
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/channels',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      })
      await app.close()
      const { channels } = response.json() as {
        channels: Array<{ channel: string; configured: boolean; messages: Record<string, number> }>
      }
      const byName = new Map(channels.map((c) => [c.channel, c]))
      assert.equal(byName.get('email')?.configured, true)
      assert.equal(byName.get('email')?.messages.sent, 2, 'Ana and Bo')
      assert.equal(byName.get('sms')?.configured, false)
      assert.equal(byName.get('log')?.configured, true)
    })

    it('a thousand and one signals raised by one batch all enter, each once', {
      timeout: 120_000,
    }, async () => {
      // One transaction stamps its signals alike: a page of them must not be read again and again.
      now = hoursAfter(1.5)
      const unhappy = Array.from({ length: 1001 }, (_, n): RawMessage[] => [
        { ...member(`critic-${n}`, `critic-${n}@example.com`), timestamp: now.toISOString() },
        {
          type: 'track',
          event: 'Product Reviewed',
          userId: `critic-${n}`,
          messageId: `review-${n}`,
          timestamp: now.toISOString(),
          properties: { review_id: `r-${n}`, product_id: 'p-1', rating: 1 },
        } as RawMessage,
      ]).flat()
      await ingest(unhappy)
      const campaign = await reel.campaigns.create(
        thanks({ type: 'signal', kind: 'negative_review', maxAgeHours: 24 }),
        'active',
      )
      assert.equal((await reel.campaigns.runOnce(now)).enrolled, 1001)
      assert.equal((await reel.campaigns.runOnce(now)).enrolled, 0)
      await reel.campaigns.setState(campaign.id, 'archived')
    })

    let segmentCampaign = ''
    it('a segment is checked on its schedule, and each member enters once', async () => {
      const campaign = await reel.campaigns.create(
        thanks({
          type: 'segment',
          rules: [
            { field: 'orders_count', op: '>=', value: 1 },
            { field: 'days_since_last_order', op: '>=', value: 30 },
          ],
          everyHours: 24,
          reenterAfterDays: null,
        }),
        'active',
      )
      now = hoursAfter(2)
      assert.equal((await reel.campaigns.runOnce(now)).enrolled, 1, 'Cara, 40 days since her order')
      now = hoursAfter(3)
      await ingest([
        member('eve', 'eve@example.com'),
        order({ userId: 'eve' }, 'E-1', 10_000, daysBefore(90)),
      ])
      assert.equal(
        (await reel.campaigns.runOnce(now)).enrolled,
        0,
        'not checked again before a day has passed',
      )
      now = hoursAfter(27)
      assert.equal(
        (await reel.campaigns.runOnce(now)).enrolled,
        1,
        'Eve joins the segment; Cara is not let in twice',
      )
      await reel.channels.deliverDue(now)
      await reel.campaigns.settleDeliveries()
      const entered = await reel.campaigns.exposures({ campaignId: campaign.id, limit: 10 })
      assert.deepEqual(entered.map((e) => e.customerId).sort(), ['cara', 'eve'])
      assert.match(mailsTo('cara@example.com')[0]?.raw ?? '', /Subject: Thank you\r?\n/)
      segmentCampaign = campaign.id
    })

    it('results count an order within the goal window after the first exposure', async () => {
      // Cara was reached at hour 2, Eve at hour 27; the goal is an order within 7 days.
      now = hoursAfter(27 + 24 * 9)
      await ingest([
        order({ userId: 'cara' }, 'C-2', 33_000, hoursAfter(30).toISOString()),
        order({ userId: 'eve' }, 'E-2', 44_000, hoursAfter(27 + 24 * 8).toISOString()),
      ])
      const results = await reel.campaigns.results(segmentCampaign)
      assert.deepEqual(results?.treatment, {
        entered: 2,
        exposed: 2,
        converted: 1,
        conversionRate: 0.5,
        orders: 1,
        revenue: [{ currency: 'KRW', amount: 33_000 }],
      })
      assert.equal(results?.holdout.exposed, 0)
      assert.equal(results?.holdout.conversionRate, null)
      assert.equal(results?.windowsOpen, 0)
    })
  })
}

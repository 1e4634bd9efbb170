import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Reel } from '../app.js'
import { CHANNEL_NAMES } from '../channels/index.js'
import { type SmtpSink, startSmtpSink } from '../channels/test-support/smtp-sink.js'
import { runDemo } from '../demo/index.js'
import { getCustomer } from '../profiles/index.js'
import { engines } from '../test-support/engines.js'
import { oneEmailCampaign } from './test-support/one-email.js'

// 09:00 in Seoul, where the demo's members live: outside the 21:00-08:00 quiet hours.
const MORNING = new Date('2026-11-01T00:00:00.000Z')
// 22:00 in Seoul.
const EVENING = new Date('2026-11-01T13:00:00.000Z')

for (const engine of engines) {
  describe(`campaigns on the demo shop (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let smtp: SmtpSink
    let dir: string
    let now = MORNING
    before(async () => {
      smtp = await startSmtpSink()
      dir = await mkdtemp(join(tmpdir(), 'reel-campaigns-'))
      reel = await engine.start({
        clock: () => now,
        env: { REEL_SMTP_URL: smtp.url, REEL_CAMPAIGN_SIGNAL_LAG_MS: '0', REEL_SHOP_NAME: 'Demo 상점' },
      })
      await runDemo(
        { customers: 300, days: 200, seed: 3, end: MORNING, truthPath: join(dir, 'truth.json') },
        reel.ingestor,
      )
      await reel.radar.fireDue(MORNING)
    })
    after(async () => {
      await reel.close()
      await smtp.close()
      await rm(dir, { recursive: true, force: true })
    })

    it('starts with the starter campaigns, paused, and their templates', async () => {
      const campaigns = await reel.campaigns.list()
      assert.deepEqual(campaigns.map((c) => [c.starterKey, c.state]).sort(), [
        ['cart_reminder', 'paused'],
        ['churn_risk_win_back', 'paused'],
        ['dormancy_notice', 'paused'],
        ['gift_suggestion', 'paused'],
        ['out_of_stock_apology', 'paused'],
        ['review_follow_up', 'paused'],
      ])
      // A marketer may move any starter's step to any channel: each has its template there, in both languages.
      for (const c of campaigns)
        for (const step of c.steps)
          if (step.type === 'send')
            for (const channel of CHANNEL_NAMES)
              for (const locale of ['ko', 'en']) {
                const template = await reel.templates.pick(step.template, channel, locale)
                assert.deepEqual(
                  [template?.channel, template?.locale],
                  [channel, locale],
                  `${c.name}: ${step.template} (${channel}, ${locale})`,
                )
              }
    })

    it('sends through SMTP, holds out about a tenth, respects consent and records every exposure', async () => {
      // A campaign over every abandoned cart of the shop's history, for volume; plus the starters as shipped.
      const reviews = await reel.campaigns.create(
        oneEmailCampaign(
          'Every abandoned cart',
          { type: 'signal', kind: 'cart_abandoned', maxAgeHours: 24 * 400 },
          'review_follow_up',
        ),
      )
      for (const c of await reel.campaigns.list()) await reel.campaigns.setState(c.id, 'active')
      const round = await reel.campaigns.runOnce(now)
      assert.ok(round.enrolled > 50, `${round.enrolled} customers entered`)
      await reel.channels.deliverDue(now)
      await reel.campaigns.settleDeliveries()

      const exposures = await reel.campaigns.exposures({ campaignId: reviews.id, limit: 1000 })
      const outcome = (o: string) => exposures.filter((e) => e.outcome === o)
      const sent = outcome('sent')
      const held = outcome('holdout')
      const share = held.length / exposures.length
      // A tenth by a random salt: 4 standard deviations of a binomial either side (17 of 85 or more: 0.4% of runs, Python sum of math.comb(85, k) 0.1^k 0.9^(85-k) for k >= 17)
      const spread = 4 * Math.sqrt((0.1 * 0.9) / exposures.length)
      assert.ok(Math.abs(share - 0.1) < spread, `holdout ${held.length} of ${exposures.length}`)
      assert.ok(sent.length > 0)
      const results = await reel.campaigns.results(reviews.id)
      assert.equal(results?.holdout.exposed, held.length)
      assert.equal(results?.treatment.exposed, sent.length + outcome('skipped').length)
      const skippedForConsent = outcome('skipped').filter((e) => e.reason === 'no_consent')
      assert.ok(skippedForConsent.length > 0, 'members who said no to e-mail are skipped, with the reason')

      // Every sent exposure is one e-mail at the SMTP server, to someone who agreed to e-mail.
      const byRecipient = new Map<string, number>()
      for (const mail of smtp.received)
        for (const to of mail.to) byRecipient.set(to, (byRecipient.get(to) ?? 0) + 1)
      for (const e of sent) {
        const customer = await getCustomer(reel.database.db, e.customerId)
        assert.equal((customer?.traits.consent as { email?: boolean } | undefined)?.email, true, e.customerId)
        assert.ok(byRecipient.get(customer?.email ?? ''), `an e-mail reached ${customer?.email}`)
      }
      for (const e of skippedForConsent) {
        const customer = await getCustomer(reel.database.db, e.customerId)
        assert.equal(
          byRecipient.get(customer?.email ?? '') ?? 0,
          0,
          `nothing to ${e.customerId}, who said no`,
        )
      }
      const firstSent = sent[0] ? await getCustomer(reel.database.db, sent[0].customerId) : undefined
      const mail = smtp.received.find((m) => m.to.includes(firstSent?.email ?? ''))
      assert.match(mail?.raw ?? '', /List-Unsubscribe-Post: List-Unsubscribe=One-Click/)
      assert.match(mail?.raw ?? '', /List-Unsubscribe:\s+<http[^>]+\/u\//)

      // The radar knows who was contacted.
      const carts = await reel.radar.listSignals({ kind: 'cart_abandoned', limit: 1000 })
      const contacted = new Set(
        carts.signals.filter((sig) => sig.contactedAt !== null).map((sig) => sig.customerId),
      )
      for (const e of sent)
        assert.ok(contacted.has(e.customerId), `${e.customerId}'s signal is marked contacted`)
    })

    it('a second campaign the same morning is held back by its daily cap, with the reason', async () => {
      const mailsBefore = smtp.received.length
      const again = await reel.campaigns.create(
        oneEmailCampaign(
          'Abandoned carts, once a day',
          { type: 'signal', kind: 'cart_abandoned', maxAgeHours: 24 * 400 },
          'cart_reminder',
          { holdoutShare: 0, caps: { perChannelPerDay: 1 } },
        ),
        'active',
      )
      await reel.campaigns.runOnce(now)
      await reel.channels.deliverDue(now)
      await reel.campaigns.settleDeliveries()
      const exposures = await reel.campaigns.exposures({ campaignId: again.id, limit: 1000 })
      const capped = exposures.filter((e) => e.reason === 'frequency_cap')
      assert.ok(capped.length > 0, 'customers e-mailed this morning are capped')
      const cappedEmails = new Set<string>()
      for (const e of capped)
        cappedEmails.add((await getCustomer(reel.database.db, e.customerId))?.email ?? '')
      const newMail = smtp.received.slice(mailsBefore)
      assert.deepEqual(
        newMail.filter((m) => m.to.some((to) => cappedEmails.has(to))),
        [],
        'nothing more to a capped customer',
      )
      assert.equal(newMail.length, exposures.filter((e) => e.outcome === 'sent').length)
      await reel.campaigns.setState(again.id, 'archived')
    })

    it('holds marketing until morning in the customer’s time zone, and records the holdout then too', async () => {
      now = EVENING
      const late = await reel.campaigns.create(
        oneEmailCampaign(
          'Late cart reminder',
          { type: 'signal', kind: 'cart_abandoned', maxAgeHours: 24 * 400 },
          'cart_reminder',
          { holdoutShare: 0.2 },
        ),
        'active',
      )
      await reel.campaigns.runOnce(now)
      await reel.channels.deliverDue(now)
      await reel.campaigns.settleDeliveries()
      const exposures = await reel.campaigns.exposures({ campaignId: late.id, limit: 1000 })
      assert.deepEqual(
        exposures.filter((e) => e.outcome === 'sent' || e.outcome === 'holdout'),
        [],
        'nothing sent at 22:00 in Seoul, and the holdout waits with the treatment',
      )
      const held = (await reel.campaigns.list()).find((c) => c.id === late.id)
      assert.ok((held?.enrolled.treatment ?? 0) > exposures.length, 'the rest wait for the morning')
      now = new Date('2026-11-01T23:00:01.000Z') // 08:00:01 the next day in Seoul
      await reel.campaigns.runOnce(now)
      await reel.channels.deliverDue(now)
      await reel.campaigns.settleDeliveries()
      const morning = await reel.campaigns.exposures({ campaignId: late.id, limit: 1000 })
      assert.ok(
        morning.some((e) => e.outcome === 'sent'),
        'held messages go in the morning',
      )
      const heldOut = morning.filter((e) => e.outcome === 'holdout')
      assert.ok(heldOut.length > 0, 'the holdout is recorded in the morning')
      for (const e of heldOut) assert.equal(e.at, now.toISOString())
    })
  })
}

/**
 * A campaign started before the shop configured e-mail: its messages wait in the outbox, untried, and its
 * exposures say `queued`, not `sent`; once a provider is configured they go, and each exposure follows its
 * message (sent, failed with the reason, dead). Both engines.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { channelsOn } from '../channels/test-support/outbox-reel.js'
import { type SmtpSink, startSmtpSink } from '../channels/test-support/smtp-sink.js'
import { renderCampaigns } from '../cli/campaigns-command.js'
import { engines } from '../test-support/engines.js'
import type { Campaign } from './index.js'
import { campaignsMigrations } from './migrations.js'
import { createReviewCampaign, ingestUnhappyMembers, memberEmail } from './test-support/review-shop.js'

const MEMBERS = 40

for (const engine of engines) {
  describe(`exposures follow their messages (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let sink: SmtpSink
    let campaign: Campaign
    let unknown = ''
    let greylisted = ''
    const exposures = () => reel.campaigns.exposures({ campaignId: campaign.id, limit: 1000 })
    const outcomes = async () => {
      const counts: Record<string, number> = {}
      for (const e of await exposures()) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1
      return counts
    }
    const contactedSignals = async () =>
      (await reel.radar.listSignals({ kind: 'negative_review', limit: 1000 })).signals.filter(
        (s) => s.contactedAt !== null,
      ).length

    before(async () => {
      // Two treated customers (picked once the arms are drawn): one refused for good at RCPT, one refused for
      // now after its end.
      sink = await startSmtpSink({
        refuseRecipient: (to) => (to === unknown ? { code: 550, message: 'no such user' } : undefined),
        refuseMessage: (mail) =>
          mail.to.includes(greylisted) ? { code: 451, message: 'greylisted, try later' } : undefined,
      })
      // No REEL_SMTP_URL: e-mail has no provider.
      reel = await engine.start({ env: { REEL_QUIET_HOURS: 'off', REEL_CAMPAIGN_SIGNAL_LAG_MS: '0' } })
      await ingestUnhappyMembers(reel, MEMBERS, reel.clock())
      campaign = await createReviewCampaign(reel)
    })
    after(async () => {
      await reel.close()
      await sink.close()
    })

    let treated = 0
    it('without an e-mail provider, messages wait untried and every exposure says queued', async () => {
      assert.deepEqual(reel.channels.configured(), ['log'])
      assert.equal((await reel.campaigns.runOnce()).enrolled, MEMBERS)
      for (let round = 0; round < 3; round++)
        assert.deepEqual(await reel.channels.deliverDue(), { sent: 0, retried: 0, dead: 0 })
      await reel.campaigns.settleDeliveries()

      const counts = await outcomes()
      treated = counts.queued ?? 0
      assert.ok(treated > 0 && counts.holdout, JSON.stringify(counts))
      assert.deepEqual(counts, { queued: treated, holdout: MEMBERS - treated })
      const { rows } = await sql<{ state: string; attempts: number; n: number }>`
        select state, attempts, count(*)::int as n from outbox_messages group by 1, 2`.execute(
        reel.database.db,
      )
      assert.deepEqual(rows, [{ state: 'pending', attempts: 0, n: treated }])
      const email = (await reel.channels.overview()).find((c) => c.channel === 'email')
      assert.equal(email?.waitingForProvider, treated)
      assert.equal(await contactedSignals(), 0, 'nobody is contacted by a message that has not gone')

      const [summary] = await reel.campaigns.list().then((all) => all.filter((c) => c.id === campaign.id))
      assert.deepEqual(summary?.exposures, { queued: treated, holdout: MEMBERS - treated })
      const table = renderCampaigns(summary ? [summary] : []).split('\n')
      const cells = table[2]?.trim().split(/\s{2,}/) ?? []
      const column = (name: string) =>
        cells[
          table[0]
            ?.trim()
            .split(/\s{2,}/)
            .indexOf(name) ?? -1
        ]
      assert.deepEqual(
        [column('queued'), column('sent'), column('held out')],
        [String(treated), '0', String(MEMBERS - treated)],
      )
      // Intent to treat: a customer whose message waits is exposed all the same.
      const results = await reel.campaigns.results(campaign.id)
      assert.deepEqual([results?.treatment.exposed, results?.holdout.exposed], [treated, MEMBERS - treated])
    })

    it('once a provider is configured the messages go, and each exposure says what became of its message', async () => {
      const armsBefore = await exposures().then((all) => all.map((e) => `${e.customerId} ${e.arm}`).sort())
      const [unknownId, greylistedId] = (await exposures())
        .filter((e) => e.arm === 'treatment')
        .map((e) => e.customerId)
      assert.ok(unknownId && greylistedId)
      unknown = memberEmail(Number(unknownId.slice('member-'.length)))
      greylisted = memberEmail(Number(greylistedId.slice('member-'.length)))
      const { channels } = channelsOn(reel, { smtpUrl: sink.url })
      const round = await channels.deliverDue()
      await channels.close()
      assert.deepEqual(round, { sent: treated - 2, retried: 1, dead: 1 })
      await reel.campaigns.settleDeliveries()

      const all = await exposures()
      const of = (customerId: string) => all.find((e) => e.customerId === customerId)
      assert.equal(of(unknownId)?.outcome, 'dead')
      assert.match(of(unknownId)?.reason ?? '', /550.*no such user/)
      assert.equal(of(greylistedId)?.outcome, 'failed')
      assert.match(of(greylistedId)?.reason ?? '', /451.*greylisted/)
      assert.deepEqual(await outcomes(), {
        sent: treated - 2,
        failed: 1,
        dead: 1,
        holdout: MEMBERS - treated,
      })
      assert.equal(sink.received.length, treated - 2)
      assert.equal(await contactedSignals(), treated - 2, 'those reached are contacted')
      // Still one exposure per enrolment, in the arm it entered.
      assert.deepEqual(all.map((e) => `${e.customerId} ${e.arm}`).sort(), armsBefore)
      const results = await reel.campaigns.results(campaign.id)
      assert.deepEqual([results?.treatment.exposed, results?.holdout.exposed], [treated, MEMBERS - treated])
    })

    it('a campaign on the log channel finds its starter template, and its messages go to the log', async () => {
      const onLog = await reel.campaigns.create(
        {
          ...(await reel.campaigns.get(campaign.id).then((c) => c as Campaign)),
          name: 'Sorry about your review, in the log',
          steps: [
            {
              type: 'send',
              channel: 'log',
              template: 'review_follow_up',
              messageType: 'marketing',
              couponTemplateId: null,
            },
          ],
        },
        'active',
      )
      await reel.campaigns.runOnce()
      const { sent } = await reel.channels.deliverDue()
      await reel.campaigns.settleDeliveries()
      const all = await reel.campaigns.exposures({ campaignId: onLog.id, limit: 1000 })
      assert.deepEqual(
        all.filter((e) => e.outcome === 'skipped'),
        [],
        'none skipped (no_template)',
      )
      const treatedHere = all.filter((e) => e.arm === 'treatment')
      assert.ok(treatedHere.length > 0)
      assert.equal(sent, treatedHere.length)
      assert.deepEqual(new Set(treatedHere.map((e) => e.outcome)), new Set(['sent']))
      const lines = readdirSync(join(reel.config.dataDir, 'messages')).flatMap((file) =>
        readFileSync(join(reel.config.dataDir, 'messages', file), 'utf8')
          .trim()
          .split('\n'),
      )
      const logged = lines.map((l) => JSON.parse(l) as { subject: string; metadata: { campaignId: string } })
      const mine = logged.filter((m) => m.metadata.campaignId === onLog.id)
      assert.equal(mine.length, treatedHere.length)
      assert.equal(mine[0]?.subject, 'Thank you for telling us')
      await reel.campaigns.setState(onLog.id, 'archived')
    })

    it('on upgrade, an exposure an older Reel recorded as sent takes its message’s real state', async () => {
      // What an older Reel left: `sent` (and nothing more to check) for the message that is in fact dead.
      await sql`
        update campaign_exposures set outcome = 'sent', reason = null, delivery_settled = true
        where campaign_id = ${campaign.id} and outcome = 'dead'`.execute(reel.database.db)
      const upgrade = campaignsMigrations.find((m) => m.name === '0811-campaign-exposures-sent-read-again')
      await upgrade?.up(reel.database.db)
      await reel.campaigns.settleDeliveries()
      assert.equal((await outcomes()).dead, 1)
    })
  })
}

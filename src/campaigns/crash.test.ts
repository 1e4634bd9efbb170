/**
 * The crash test, at the campaign level: `reel serve` (campaign runner and outbox worker, as an
 * operator runs them) is killed with SIGKILL while a campaign e-mails 10,000 unhappy members through a real
 * SMTP server, then started again. Every treatment customer gets exactly one e-mail, counted as raw
 * deliveries at the server; no holdout customer gets any; every enrolment has exactly one exposure.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { type SmtpSink, startSmtpSink } from '../channels/test-support/smtp-sink.js'
import { engines, TEST_ADMIN_TOKEN, TEST_WRITE_KEY } from '../test-support/engines.js'
import {
  freePort,
  type ServerProcess,
  spawnServer,
  stopServer,
  waitForHealth,
} from '../test-support/server-process.js'
import {
  createReviewCampaign,
  ingestUnhappyMembers,
  memberEmail,
  memberId,
  type Progress,
  progressOf,
} from './test-support/review-shop.js'

const MEMBERS = 10_000
const KILL_AFTER = 3_000
const HOLDOUT_SHARE = 0.1

/** What `reel serve` is started with, besides its database: fast ticks, a short lease, no quiet hours. */
const WORKER_ENV = {
  REEL_WRITE_KEY: TEST_WRITE_KEY,
  REEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
  REEL_LOG_LEVEL: 'warn',
  REEL_QUIET_HOURS: 'off',
  REEL_CAMPAIGNS_TICK_MS: '100',
  REEL_CAMPAIGN_SIGNAL_LAG_MS: '100',
  REEL_OUTBOX_TICK_MS: '50',
  // Rows the killed server left `sending` are due again this long after their claim.
  REEL_OUTBOX_LEASE_MS: '3000',
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits until every member has entered, every enrolment is exposed, nothing is left in the outbox and the
 * exposures say what became of their messages.
 */
async function waitUntilDone(
  server: ServerProcess,
  campaignId: string,
  timeoutMs: number,
): Promise<Progress> {
  const deadline = Date.now() + timeoutMs
  let last: Progress | undefined
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`reel serve exited:\n${server.output()}`)
    last = await progressOf(server.url, campaignId)
    // Done once the exposures have caught up with the outbox too: none is still `queued`.
    if (last.enrolled === MEMBERS && last.exposed === MEMBERS && !last.outboxBusy && !last.exposures.queued)
      return last
    if (Date.now() > deadline)
      throw new Error(`not done after ${timeoutMs} ms: ${JSON.stringify(last)}\n${server.output()}`)
    await sleep(250)
  }
}

/** Waits until the SMTP server has had no new delivery for `quietMs` (the last dots of a round land). */
async function settle(sink: SmtpSink, quietMs: number): Promise<void> {
  let seen = -1
  while (sink.received.length !== seen) {
    seen = sink.received.length
    await sleep(quietMs)
  }
}

for (const engine of engines) {
  describe(`a campaign send killed mid-way (${engine.name})`, { skip: engine.skip }, () => {
    test('every treatment customer gets exactly one e-mail after a SIGKILL and a restart, the holdout none', {
      timeout: 240_000,
    }, async (t) => {
      const started = Date.now()
      const lap = (what: string) => t.diagnostic(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
      let killNext: ServerProcess | undefined
      let killedAt: Date | undefined
      const sink = await startSmtpSink({
        onMail: () => {
          if (killNext && sink.received.length >= KILL_AFTER) {
            killNext.child.kill('SIGKILL')
            killedAt = new Date()
            killNext = undefined
          }
        },
      })
      // The embedded engine is one process's: the test hands its data folder to the server and takes it back.
      const embedded = engine.name === 'embedded'
      let reel: Reel = await engine.start({ keepData: embedded })
      let reelOpen = true
      const servers: ServerProcess[] = []
      try {
        assert.equal(await ingestUnhappyMembers(reel, MEMBERS, reel.clock()), 2 * MEMBERS)
        const campaign = await createReviewCampaign(reel)
        lap('shop ingested, campaign active')
        if (embedded) {
          await reel.close()
          reelOpen = false
        }
        const store: Record<string, string> = embedded
          ? { REEL_DATA_DIR: reel.config.dataDir }
          : { REEL_DATABASE_URL: reel.config.databaseUrl ?? '' }
        const serve = async () => {
          const server = spawnServer({
            PORT: String(await freePort()),
            REEL_SMTP_URL: sink.url,
            ...store,
            ...WORKER_ENV,
          })
          servers.push(server)
          return server
        }

        const first = await serve()
        killNext = first
        // A server that stops sending is killed too (after the deadline), and the count below says so.
        const deadline = setTimeout(() => first.child.kill('SIGKILL'), 120_000)
        const ended = await first.exited
        clearTimeout(deadline)
        assert.equal(ended.signal, 'SIGKILL', first.output())
        const atKill = sink.received.length
        lap(`first server killed after ${atKill} e-mails (connections reset: ${sink.resets()})`)
        assert.ok(
          atKill >= KILL_AFTER && atKill < MEMBERS * (1 - HOLDOUT_SHARE) * 0.9,
          `${atKill} at the kill:\n${first.output()}`,
        )

        const second = await serve()
        await waitForHealth(second)
        const progress = await waitUntilDone(second, campaign.id, 180_000)
        await settle(sink, 500)
        await stopServer(second, 'SIGTERM')
        assert.equal((await second.exited).code, 0, second.output())
        lap(`second server done (${JSON.stringify(progress.exposures)})`)
        if (embedded) {
          reel = await engine.restart(reel)
          reelOpen = true
        }
        const db = reel.database.db

        // The arms as they were fixed at entry, one enrolment per member.
        const { rows: enrolments } = await sql<{ customer_id: string; arm: string; state: string }>`
          select customer_id, arm, state from campaign_enrolments where campaign_id = ${campaign.id}`.execute(
          db,
        )
        const armOf = new Map(enrolments.map((e) => [e.customer_id, e.arm]))
        assert.equal(enrolments.length, MEMBERS)
        assert.equal(armOf.size, MEMBERS, 'one enrolment per member')
        assert.deepEqual(
          enrolments.filter((e) => e.state !== 'completed').slice(0, 5),
          [],
          'every flow completed',
        )
        const holdout = enrolments.filter((e) => e.arm === 'holdout').length
        const treatment = MEMBERS - holdout
        assert.ok(
          Math.abs(holdout / MEMBERS - HOLDOUT_SHARE) < 0.015,
          `${holdout} of ${MEMBERS} held out (expected about ${HOLDOUT_SHARE})`,
        )

        // Raw deliveries at the SMTP server, per recipient.
        const deliveries = new Map<string, number>()
        for (const mail of sink.received)
          for (const to of mail.to) deliveries.set(to, (deliveries.get(to) ?? 0) + 1)
        const twice: string[] = []
        const missing: string[] = []
        const heldOutButMailed: string[] = []
        for (let n = 0; n < MEMBERS; n++) {
          const got = deliveries.get(memberEmail(n)) ?? 0
          if (armOf.get(memberId(n)) === 'holdout') {
            if (got > 0) heldOutButMailed.push(memberEmail(n))
          } else if (got === 0) missing.push(memberEmail(n))
          else if (got > 1) twice.push(`${memberEmail(n)} ×${got}`)
        }
        // For a failure: what the outbox says of the first customers mailed twice or not at all.
        const suspects = [...twice.map((t) => t.split(' ')[0]), ...missing].slice(0, 10)
        const { rows: suspectRows } = await sql`
          select recipient, state, attempts, sent_at, updated_at, last_error from outbox_messages
          where recipient = any(${suspects}::text[]) order by sent_at`.execute(db)
        const members = new Set(Array.from({ length: MEMBERS }, (_, n) => memberEmail(n)))
        const strangers = [...deliveries.keys()].filter((to) => !members.has(to))
        assert.deepEqual(
          {
            deliveries: sink.received.length,
            twice: twice.slice(0, 5),
            missing: missing.slice(0, 5),
            heldOutButMailed: heldOutButMailed.slice(0, 5),
            strangers: strangers.slice(0, 5),
          },
          { deliveries: treatment, twice: [], missing: [], heldOutButMailed: [], strangers: [] },
          `${twice.length} twice, ${missing.length} missing, ${heldOutButMailed.length} held out but mailed; killed at ${killedAt?.toISOString()}; their outbox rows: ${JSON.stringify(suspectRows)}`,
        )

        // One exposure per enrolment, its outcome the arm's: sent for the treatment, holdout for the rest.
        const { rows: exposures } = await sql<{ arm: string; outcome: string; exposures: number; n: number }>`
          select e.arm, x.outcome, count(x.id)::int as exposures, count(*)::int as n
          from campaign_enrolments e left join campaign_exposures x on x.enrolment_id = e.id
          where e.campaign_id = ${campaign.id}
          group by e.arm, x.outcome order by e.arm, x.outcome`.execute(db)
        assert.deepEqual(exposures, [
          { arm: 'holdout', outcome: 'holdout', exposures: holdout, n: holdout },
          { arm: 'treatment', outcome: 'sent', exposures: treatment, n: treatment },
        ])

        // The outbox: one row per treatment customer, every one sent.
        const { rows: outbox } = await sql<{ state: string; n: number; customers: number }>`
          select state, count(*)::int as n, count(distinct customer_id)::int as customers
          from outbox_messages group by state`.execute(db)
        assert.deepEqual(outbox, [{ state: 'sent', n: treatment, customers: treatment }])
        lap('checked')
      } finally {
        for (const server of servers) await stopServer(server, 'SIGKILL')
        await sink.close()
        // Closing the reopened embedded Reel removes its data folder; an unopened one is left in tmp.
        if (reelOpen) await reel.close()
      }
    })
  })
}

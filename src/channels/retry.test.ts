import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'
import { TEST_MESSAGE_CUSTOMER } from './index.js'
import { channelsOn, deliveryEventCounts, emailTo, startOutboxReel } from './test-support/outbox-reel.js'
import { type SmtpSink, startSmtpSink } from './test-support/smtp-sink.js'

for (const engine of engines) {
  describe(`retrying a message and sending a test one (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let sink: SmtpSink
    let refusing = true
    before(async () => {
      reel = await startOutboxReel(engine)
      sink = await startSmtpSink({
        refuseMessage: () => (refusing ? { code: 451, message: 'try later' } : undefined),
        refuseRecipient: (to) =>
          to.startsWith('nobody') ? { code: 550, message: 'no such user' } : undefined,
      })
    })
    after(async () => {
      await sink.close()
      await reel.close()
    })
    const now = new Date('2030-02-01T00:00:00Z')

    test('a dead message put back gets a new round of tries, whose events are stored beside the first round’s', async () => {
      refusing = true
      const { channels } = channelsOn(reel, { smtpUrl: sink.url, maxAttempts: 1 }, () => now)
      await channels.enqueue(reel.database.db, [emailTo(21, { idempotencyKey: 'retry-21' })])
      assert.deepEqual(await channels.deliverDue(now), { sent: 0, retried: 0, dead: 1 })
      const message = async () =>
        (await channels.listMessages({ customerId: 'cust-21', limit: 1 })).messages[0]
      const id = (await message())?.id ?? ''
      assert.deepEqual(await channels.retry(id), { kind: 'retried' })
      assert.deepEqual(await channels.retry(id), { kind: 'pending' }, 'a second retry changes nothing')
      assert.equal((await message())?.state, 'pending')
      assert.equal((await message())?.attempts, 0)
      // The new round fails too: a second Message Dead, not swallowed as a repeat of the first.
      assert.deepEqual(await channels.deliverDue(now), { sent: 0, retried: 0, dead: 1 })
      assert.equal((await deliveryEventCounts(reel))['Message Dead'], 2)
      refusing = false
      assert.deepEqual(await channels.retry(id), { kind: 'retried' })
      assert.deepEqual(await channels.deliverDue(now), { sent: 1, retried: 0, dead: 0 })
      assert.equal((await message())?.state, 'sent')
      assert.deepEqual(await channels.retry(id), { kind: 'refused', state: 'sent' })
      assert.deepEqual(await channels.retry('999999999'), { kind: 'unknown' })
      await channels.close()
    })

    test('a test message is tried at once and answers the state it reached, without a customer event', async () => {
      refusing = false
      const { channels } = channelsOn(reel, { smtpUrl: sink.url }, () => now)
      const before = await deliveryEventCounts(reel)
      const sent = await channels.sendTest('email', 'ops@shop.example', 'admin@shop.example')
      assert.equal(sent.kind, 'tried')
      assert.equal(sent.kind === 'tried' && sent.state, 'sent')
      assert.ok(sink.received.some((m) => m.to[0] === 'ops@shop.example'))
      const refused = await channels.sendTest('email', 'nobody@shop.example', 'admin@shop.example')
      assert.deepEqual(
        refused.kind === 'tried' && [refused.state, refused.lastError?.includes('no such user')],
        ['dead', true],
      )
      refusing = true
      const later = await channels.sendTest('email', 'busy@shop.example', 'admin@shop.example')
      assert.equal(
        later.kind === 'tried' && later.state,
        'failed',
        'refused for now: retried later, not sent',
      )
      assert.deepEqual(await deliveryEventCounts(reel), before)
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from customers where customer_id = ${TEST_MESSAGE_CUSTOMER}`.execute(
        reel.database.db,
      )
      assert.equal(rows[0]?.n ?? 0, 0)
      assert.deepEqual(await channels.sendTest('sms', '+821012345678', 'admin@shop.example'), {
        kind: 'not-configured',
      })
      await channels.close()
    })
  })
}

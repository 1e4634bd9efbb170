import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'
import { channelsMigrations } from './migrations.js'
import { claimDue } from './outbox.js'
import { startHttpSink } from './test-support/http-sink.js'
import { channelsOn, deliveryEventCounts, emailTo, startOutboxReel } from './test-support/outbox-reel.js'
import { type SmtpSink, startSmtpSink } from './test-support/smtp-sink.js'

for (const engine of engines) {
  describe(`the outbox (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let sink: SmtpSink
    const refusing = false
    before(async () => {
      reel = await startOutboxReel(engine)
      sink = await startSmtpSink({
        refuseMessage: (mail) =>
          refusing || mail.to[0]?.startsWith('busy') ? { code: 451, message: 'try later' } : undefined,
        refuseRecipient: (to) =>
          to.startsWith('nobody') ? { code: 550, message: 'no such user' } : undefined,
      })
    })
    after(async () => {
      await sink.close()
      await reel.close()
    })

    test('a message enqueued twice is stored and sent once, and its Message Sent event ingested once', async () => {
      const { channels, ingested } = channelsOn(reel, { smtpUrl: sink.url })
      const first = await reel.database.db
        .transaction()
        .execute((tx) => channels.enqueue(tx, [emailTo(1), emailTo(2)]))
      const again = await channels.enqueue(reel.database.db, [emailTo(1)])
      assert.deepEqual(first.enqueued.sort(), [emailTo(1).idempotencyKey, emailTo(2).idempotencyKey])
      assert.deepEqual(again, { enqueued: [], duplicates: [emailTo(1).idempotencyKey] })
      assert.deepEqual(await channels.deliverDue(), { sent: 2, retried: 0, dead: 0 })
      assert.deepEqual(await channels.deliverDue(), { sent: 0, retried: 0, dead: 0 })
      await channels.close()
      assert.deepEqual(sink.received.map((m) => m.to[0]).sort(), ['cust-1@example.com', 'cust-2@example.com'])
      assert.equal(ingested.length, 1, 'one batch of events per round')
      assert.equal((await deliveryEventCounts(reel))['Message Sent'], 2)
      const { messages } = await channels.listMessages({ customerId: 'cust-1', limit: 10 })
      assert.equal(messages[0]?.state, 'sent')
      assert.match(messages[0]?.providerMessageId ?? '', /^<[0-9a-f]{32}@/)
      // Ingesting the same round's events again (a crash before the ingest finished) stores nothing new.
      await reel.ingestor.ingest(ingested[0] ?? [], { source: 'reel' })
      assert.equal((await deliveryEventCounts(reel))['Message Sent'], 2)
    })

    test('a refused message is retried with growing waits, then dead-lettered', async () => {
      let now = new Date('2030-01-01T00:00:00Z')
      const { channels } = channelsOn(
        reel,
        {
          smtpUrl: sink.url,
          maxAttempts: 3,
          retryBaseMs: 60_000,
          retryMaxMs: 3_600_000,
        },
        () => now,
      )
      await channels.enqueue(reel.database.db, [
        emailTo(3, { to: 'busy@example.com', idempotencyKey: 'retry-me' }),
      ])
      const state = async () => (await channels.listMessages({ customerId: 'cust-3', limit: 1 })).messages[0]
      assert.deepEqual(await channels.deliverDue(now), { sent: 0, retried: 1, dead: 0 })
      const firstRetry = new Date((await state())?.nextAttemptAt ?? 0).getTime() - now.getTime()
      assert.ok(firstRetry >= 30_000 && firstRetry <= 60_000, `first wait ${firstRetry} ms`)
      assert.deepEqual(await channels.deliverDue(now), { sent: 0, retried: 0, dead: 0 }, 'not due yet')
      now = new Date(now.getTime() + 60_000)
      assert.deepEqual(await channels.deliverDue(now), { sent: 0, retried: 1, dead: 0 })
      const secondRetry = new Date((await state())?.nextAttemptAt ?? 0).getTime() - now.getTime()
      assert.ok(secondRetry >= 60_000 && secondRetry <= 120_000, `second wait ${secondRetry} ms`)
      now = new Date(now.getTime() + 120_000)
      assert.deepEqual(await channels.deliverDue(now), { sent: 0, retried: 0, dead: 1 })
      const dead = await state()
      assert.equal(dead?.state, 'dead')
      assert.equal(dead?.attempts, 3)
      assert.match(dead?.lastError ?? '', /try later/)
      const counts = await deliveryEventCounts(reel)
      assert.equal(counts['Message Failed'], 2)
      assert.equal(counts['Message Dead'], 1)
      await channels.close()
    })

    test('an unknown address is dead at once', async () => {
      const { channels } = channelsOn(reel, { smtpUrl: sink.url })
      await channels.enqueue(reel.database.db, [emailTo(4, { to: 'nobody@example.com' })])
      assert.deepEqual(await channels.deliverDue(), { sent: 0, retried: 0, dead: 1 })
      const { messages } = await channels.listMessages({ customerId: 'cust-4', limit: 1 })
      assert.equal(messages[0]?.state, 'dead')
      assert.match(messages[0]?.lastError ?? '', /no such user/)
      await channels.close()
    })

    test('a message for a channel without a provider waits, its tries untouched, and goes once one is configured', async () => {
      const sms = await startHttpSink()
      const { channels: withoutSms } = channelsOn(reel, { smtpUrl: sink.url })
      assert.deepEqual(withoutSms.configured().sort(), ['email', 'log'])
      await withoutSms.enqueue(reel.database.db, [emailTo(5, { channel: 'sms', to: '+15550005' })])
      const later = new Date(Date.now() + 86_400_000)
      for (let round = 0; round < 10; round++)
        assert.deepEqual(await withoutSms.deliverDue(later), { sent: 0, retried: 0, dead: 0 })
      const waiting = (await withoutSms.listMessages({ customerId: 'cust-5', limit: 1 })).messages[0]
      assert.deepEqual([waiting?.state, waiting?.attempts, waiting?.lastError], ['pending', 0, null])
      const sms5 = (await withoutSms.overview()).find((c) => c.channel === 'sms')
      assert.deepEqual(
        [sms5?.configured, sms5?.waitingForProvider, sms5?.messages.pending],
        [false, 1, 1],
        'the channel overview shows it waiting',
      )
      await withoutSms.close()

      const { channels: withSms } = channelsOn(reel, {
        sms: { url: sms.url, format: 'json', token: null, from: null },
      })
      assert.deepEqual(await withSms.deliverDue(), { sent: 1, retried: 0, dead: 0 })
      assert.deepEqual(
        sms.received.map((r) => JSON.parse(r.body).to),
        ['+15550005'],
      )
      const sent = (await withSms.listMessages({ customerId: 'cust-5', limit: 1 })).messages[0]
      assert.deepEqual([sent?.state, sent?.attempts], ['sent', 1])
      const overview = (await withSms.overview()).find((c) => c.channel === 'sms')
      assert.deepEqual([overview?.configured, overview?.waitingForProvider], [true, 0])
      await withSms.close()
      await sms.close()
    })

    test('on upgrade, messages an older Reel failed or dead-lettered for want of a provider wait again, untried', async () => {
      const { channels } = channelsOn(reel, {})
      await channels.enqueue(reel.database.db, [
        emailTo(20, { channel: 'messenger' }),
        emailTo(21, { channel: 'messenger' }),
        emailTo(22, { channel: 'messenger' }),
      ])
      // What the older Reel left: a failed try and a dead letter for want of a provider, and a real refusal.
      await sql`
        update outbox_messages set attempts = 8, next_attempt_at = null, state = case customer_id
          when 'cust-20' then 'failed' else 'dead' end, last_error = case customer_id
          when 'cust-22' then '550 no such user' else 'no provider is configured for the messenger channel' end
        where customer_id in ('cust-20', 'cust-21', 'cust-22')`.execute(reel.database.db)
      const upgrade = channelsMigrations.find(
        (m) => m.name === '0711-outbox-gives-back-tries-without-a-provider',
      )
      await upgrade?.up(reel.database.db)
      const { rows } = await sql<{ customer_id: string; state: string; attempts: number; due: boolean }>`
        select customer_id, state, attempts, next_attempt_at <= now() as due from outbox_messages
        where customer_id in ('cust-20', 'cust-21', 'cust-22') order by customer_id`.execute(reel.database.db)
      assert.deepEqual(rows, [
        { customer_id: 'cust-20', state: 'pending', attempts: 0, due: true },
        { customer_id: 'cust-21', state: 'pending', attempts: 0, due: true },
        { customer_id: 'cust-22', state: 'dead', attempts: 8, due: null },
      ])
    })

    test('a row left sending by a crashed worker is sent again once its lease is over, and only then', async () => {
      const { channels } = channelsOn(reel, { smtpUrl: sink.url, leaseMs: 60_000 })
      await channels.enqueue(reel.database.db, [emailTo(6)])
      const start = new Date()
      const claimed = await claimDue(reel.database.db, {
        now: start,
        leaseEnd: new Date(start.getTime() + 60_000),
        token: 'crashed-worker',
        limit: 100,
        channels: ['email'],
      })
      assert.deepEqual(
        claimed.map((m) => m.customerId),
        ['cust-6'],
      )
      assert.equal((await channels.deliverDue(new Date(start.getTime() + 1000))).sent, 0)
      const before = sink.received.length
      assert.equal((await channels.deliverDue(new Date(start.getTime() + 61_000))).sent, 1)
      assert.equal(sink.received.length, before + 1)
      await channels.close()
    })

    test('messages are listed newest first, a page at a time', async () => {
      const { channels } = channelsOn(reel, {})
      await channels.enqueue(
        reel.database.db,
        [10, 11, 12].map((n) => emailTo(n, { channel: 'log' })),
      )
      const page = await channels.listMessages({ channel: 'log', limit: 2 })
      assert.deepEqual(
        page.messages.map((m) => m.customerId),
        ['cust-12', 'cust-11'],
      )
      const rest = await channels.listMessages({ channel: 'log', limit: 2, after: page.next ?? '' })
      assert.deepEqual(
        rest.messages.map((m) => m.customerId),
        ['cust-10'],
      )
      assert.equal(rest.next, null)
      // The only log messages of this database: stored once each, nothing more.
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from outbox_messages where channel = 'log'`.execute(reel.database.db)
      assert.equal(rows[0]?.n, 3)
    })
  })
}

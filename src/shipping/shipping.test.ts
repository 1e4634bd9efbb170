/**
 * Post-purchase care end to end: carrier updates through the webhook, shipments and returns, the order
 * updates they send once each on the customer's chosen channel (e-mail over real SMTP, SMS to a local HTTP
 * provider), delays foreseen by the watch, and all of it across a restart.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { startHttpSink } from '../channels/test-support/http-sink.js'
import { type SmtpSink, startSmtpSink } from '../channels/test-support/smtp-sink.js'
import type { RawMessage } from '../events/index.js'
import { buildHttp } from '../http/server.js'
import { engines } from '../test-support/engines.js'

const HOUR = 3_600_000
const TOKEN = 'carrier-token-0123456789abcdef'
const START = Date.parse('2026-11-02T09:00:00Z')

for (const engine of engines) {
  describe(`shipping notices (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let app: Awaited<ReturnType<typeof buildHttp>>
    let smtp: SmtpSink
    let sms: Awaited<ReturnType<typeof startHttpSink>>
    let now = START
    let env: Record<string, string>
    const at = (hours: number) => new Date(START + hours * HOUR).toISOString()

    const open = async (restart = false) => {
      const options = { env, clock: () => new Date(now), keepData: true }
      reel = restart ? await engine.restart(reel, options) : await engine.start(options)
      app = await buildHttp(reel, { logger: false })
    }
    const ingest = (batch: RawMessage[]) => reel.ingestor.ingest(batch)
    const post = (body: unknown, format = 'generic', token = TOKEN) =>
      app.inject({
        method: 'POST',
        url: `/v1/shipments/updates?format=${format}`,
        headers: { authorization: `Bearer ${token}` },
        payload: body as Record<string, unknown>,
      })
    const update = (order: string, status: string, hours: number, extra: Record<string, unknown> = {}) =>
      post({
        order_id: order,
        shipment_id: `${order}-1`,
        carrier: 'cj',
        tracking_number: `T${order}`,
        status,
        occurred_at: at(hours),
        ...extra,
      })
    const deliver = () => reel.channels.deliverDue(new Date(now))
    const subjects = (address: string) =>
      smtp.received
        .filter((m) => m.to.includes(address))
        .map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1] ?? '')

    before(async () => {
      smtp = await startSmtpSink()
      sms = await startHttpSink()
      env = {
        REEL_SMTP_URL: smtp.url,
        REEL_SMS_URL: sms.url,
        REEL_PUBLIC_URL: 'https://maru.example',
        REEL_CARRIER_WEBHOOK_TOKEN: TOKEN,
        REEL_SHOP_NAME: 'Maru',
      }
      await open()
      await reel.shipping.setCare({
        shopUrl: 'https://maru.example/shop',
        helpUrl: 'https://maru.example/help',
        chatUrl: 'https://maru.example/chat',
        social: [{ label: 'Instagram', url: 'https://instagram.com/maru' }],
        blocks: [
          { category: 'Yoga', title: 'Caring for your mat', body: 'Wipe it with mild soap.', link: null },
          { category: 'Kitchen', title: 'Knife care', body: 'Hand wash only.', link: null },
        ],
      })
      await ingest([
        {
          type: 'identify',
          userId: 'mina',
          traits: { email: 'mina@example.com', name: 'Mina Kim', locale: 'en' },
          timestamp: at(-2),
        },
        {
          type: 'identify',
          userId: 'jun',
          traits: { email: 'jun@example.com', phone: '+821012345678', locale: 'ko' },
          timestamp: at(-2),
        },
        {
          type: 'track',
          event: 'Order Completed',
          userId: 'mina',
          messageId: 'o1',
          timestamp: at(-1),
          properties: {
            order_id: 'o1',
            total: 80,
            currency: 'USD',
            products: [{ product_id: 'mat', category: 'Yoga', name: 'Yoga mat' }],
          },
        },
      ])
    })
    after(async () => {
      await reel?.close()
      await smtp?.close()
      await sms?.close()
    })

    it('refuses a wrong token (401) and a malformed body (400 naming the field), storing nothing', async () => {
      const wrong = await post(
        { order_id: 'o1', status: 'in_transit', occurred_at: at(0) },
        'generic',
        'nope',
      )
      assert.equal(wrong.statusCode, 401)
      const malformed = await post({ order_id: 'o1', status: 'in_transit' })
      assert.equal(malformed.statusCode, 400)
      assert.match(malformed.json().error.message, /body\.occurred_at/)
      const { rows } = await sql`select * from shipments`.execute(reel.database.db)
      assert.equal(rows.length, 0)
    })

    it('tells the buyer once per status, in order, never for a repeated or late-arriving scan', async () => {
      now = START + 1 * HOUR
      assert.equal((await update('o1', 'info_received', 0.5)).statusCode, 200)
      assert.equal((await update('o1', 'in_transit', 1)).statusCode, 200)
      const repeated = await update('o1', 'in_transit', 1)
      assert.deepEqual(repeated.json(), { success: true, accepted: 0, duplicates: 1 })
      await update('o1', 'in_transit', 0.9, { location: 'Seoul hub' })
      await deliver()
      assert.deepEqual(subjects('mina@example.com'), ['[Maru] Your order o1 is on its way'])
      const mail = smtp.received.find((m) => m.to.includes('mina@example.com'))?.raw ?? ''
      assert.match(mail, /Caring for your mat/)
      assert.doesNotMatch(mail, /Knife care/)
      assert.match(mail, /https:\/\/maru\.example\/t\/trk_[\w-]{22}/)
      assert.match(mail, /https:\/\/maru\.example\/chat/)

      now = START + 30 * HOUR
      await update('o1', 'out_for_delivery', 29)
      await update('o1', 'attempt_fail', 29.5)
      await update('o1', 'out_for_delivery', 28)
      await deliver()
      assert.deepEqual(subjects('mina@example.com').slice(1), [
        '[Maru] Your order o1 arrives today',
        '[Maru] We missed you: order o1',
      ])
    })

    it('keeps an update for an unknown order, matched when the order arrives', async () => {
      await update('o2', 'info_received', 29)
      const waiting = await reel.shipping.list({ unmatched: true, limit: 10 })
      assert.deepEqual(
        waiting.map((s) => [s.shipmentId, s.unmatchedReason !== null]),
        [['o2-1', true]],
      )
      await ingest([
        {
          type: 'track',
          event: 'Order Completed',
          userId: 'jun',
          messageId: 'o2',
          timestamp: at(28),
          properties: { order_id: 'o2', total: 30000, currency: 'KRW' },
        },
      ])
      assert.equal((await reel.shipping.list({ unmatched: true, limit: 10 })).length, 0)
    })

    it('sends on the channel the customer chose for order updates: SMS, in their language', async () => {
      await reel.consent.setPreferences(
        'jun',
        {
          choices: [
            { channel: 'email', messageType: 'order_updates', allowed: false },
            { channel: 'sms', messageType: 'order_updates', allowed: true },
          ],
        },
        'api',
      )
      await update('o2', 'in_transit', 30)
      await deliver()
      assert.equal(subjects('jun@example.com').length, 0)
      const texts = sms.received.map((r) => JSON.parse(r.body) as { to: string; text: string })
      assert.equal(texts.length, 1)
      assert.equal(texts[0]?.to, '+821012345678')
      assert.match(texts[0]?.text ?? '', /주문 o2 상품이 출발했어요/)
    })

    it('foresees a delay once: a parcel silent for longer than usual', async () => {
      now = START + 30 * HOUR + 4 * 24 * HOUR
      assert.equal(await reel.shipping.watchDelays(new Date(now)), 2)
      assert.equal(await reel.shipping.watchDelays(new Date(now)), 0)
      await deliver()
      assert.equal(subjects('mina@example.com').at(-1), '[Maru] Your order o1 is running late')
    })

    it('across a restart: a delivery told once, a return and its refund told once each', async () => {
      await reel.close()
      await open(true)
      await update('o1', 'delivered', 127)
      await update('o1', 'delivered', 127)
      await ingest([
        {
          type: 'track',
          event: 'Return Requested',
          userId: 'mina',
          messageId: 'r1',
          timestamp: at(128),
          properties: { order_id: 'o1', return_id: 'r1' },
        },
        {
          type: 'track',
          event: 'Return Received',
          userId: 'mina',
          messageId: 'r2',
          timestamp: at(140),
          properties: { order_id: 'o1', return_id: 'r1' },
        },
        {
          type: 'track',
          event: 'Order Refunded',
          userId: 'mina',
          messageId: 'r3',
          timestamp: at(141),
          properties: { order_id: 'o1', total: 80 },
        },
      ])
      now = START + 142 * HOUR
      await reel.ingestor.ingest([])
      await deliver()
      await update('o1', 'delivered', 127)
      await deliver()
      const told = subjects('mina@example.com')
      assert.equal(
        told.filter((s) => s === '[Maru] Your order o1 has been delivered').length,
        1,
        told.join('\n'),
      )
      const returns = await reel.shipping.list({ limit: 10 })
      assert.equal(returns.find((s) => s.shipmentId === 'return:r1')?.status, 'refunded')
    })
  })
}

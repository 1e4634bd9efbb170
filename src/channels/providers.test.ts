import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { httpSms } from './http-sms.js'
import { logChannel } from './log.js'
import { messenger } from './messenger.js'
import { smtp } from './smtp.js'
import { startHttpSink } from './test-support/http-sink.js'
import { dueMessage } from './test-support/outbox-reel.js'
import { startSmtpSink } from './test-support/smtp-sink.js'
import { webhook, webhookSignature } from './webhook.js'

// Reference values computed outside Reel, so a change to how Reel hashes or signs shows up here:
//   printf '%s' 'campaign:c1:cust-1:step-1' | sha256sum                              (the Message-ID: its first 32 hex digits)
//   printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac whsec_1           (the webhook's v1, BODY as below)
//   printf '%s' '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_1
const MESSAGE_ID = '<2fe38b7aab1eec4f16974264f2c6641d@shop.example>'
const WEBHOOK_BODY =
  '{"id":"campaign:c1:cust-1:step-1","customer_id":"cust-1","message_type":"marketing","to":"ana@example.com","subject":"We kept your cart","text":"Your cart is waiting.","html":"<p>Your cart is waiting.</p>","unsubscribe_url":"https://shop.example/u/abc","metadata":{"campaignId":"c1"}}'
const WEBHOOK_V1 = '1aa254f00278cd034b0503978db4642f5c162b0192424434b76b856c0f9cfecc'

const message = dueMessage

async function httpSink(status?: number, answer?: string) {
  const sink = await startHttpSink(status, answer)
  after(() => sink.close())
  return sink
}

test('an e-mail arrives with a text part, an html part, its Message-ID and one-click unsubscribe', async () => {
  const sink = await startSmtpSink()
  const email = smtp({ url: sink.url, from: 'Shop <news@shop.example>', timeoutMs: 5000 })
  try {
    const held = await email.send(message())
    assert.equal(sink.received.length, 0, 'nothing is delivered before the end of DATA')
    assert.deepEqual(await held.finish(), { providerMessageId: MESSAGE_ID })
    const [mail] = sink.received
    assert.ok(mail)
    assert.deepEqual(mail.to, ['ana@example.com'])
    assert.match(mail.raw, /Content-Type: text\/plain/)
    assert.match(mail.raw, /Content-Type: text\/html/)
    assert.match(mail.raw, /List-Unsubscribe: <https:\/\/shop\.example\/u\/abc>/)
    assert.match(mail.raw, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/)
    assert.ok(
      mail.raw.includes(`Message-ID: ${MESSAGE_ID}\r\n`),
      'the Message-ID derived from the idempotency key',
    )
  } finally {
    await email.close()
    await sink.close()
  }
})

test('an order update carries no unsubscribe header, and an abandoned e-mail is never delivered', async () => {
  const sink = await startSmtpSink()
  const email = smtp({ url: sink.url, from: 'news@shop.example', timeoutMs: 5000 })
  try {
    const update = await email.send(message({ messageType: 'order_updates', html: null }))
    await update.finish()
    assert.doesNotMatch(sink.received[0]?.raw ?? '', /List-Unsubscribe/)
    const dropped = await email.send(message({ idempotencyKey: 'k2', to: 'bo@example.com' }))
    dropped.abandon()
    const next = await email.send(message({ idempotencyKey: 'k3', to: 'cy@example.com' }))
    await next.finish()
    assert.deepEqual(
      sink.received.map((m) => m.to[0]),
      ['ana@example.com', 'cy@example.com'],
    )
  } finally {
    await email.close()
    await sink.close()
  }
})

test('a refused address is a permanent failure', async () => {
  const sink = await startSmtpSink({ refuseRecipient: () => ({ code: 550, message: 'no such user' }) })
  const email = smtp({ url: sink.url, from: 'news@shop.example', timeoutMs: 5000 })
  try {
    await assert.rejects(email.send(message()), (error: { permanent: boolean }) => error.permanent)
  } finally {
    await email.close()
    await sink.close()
  }
})

test('a marketing SMS carries the advertising prefix and the opt-out line (generic JSON provider)', async () => {
  const sink = await httpSink(200, '{"id":"m-9"}')
  const sms = httpSms({
    url: sink.url,
    format: 'json',
    token: 'tok',
    from: '0215880000',
    marketingPrefix: '(광고)',
    optOutLine: '무료수신거부 080-000-0000',
    timeoutMs: 5000,
  })
  const held = await sms.send(message({ channel: 'sms', to: '+821012345678' }))
  assert.equal(held.providerMessageId, 'm-9')
  const [request] = sink.received
  assert.equal(request?.headers.authorization, 'Bearer tok')
  assert.equal(request?.headers['idempotency-key'], 'campaign:c1:cust-1:step-1')
  const body = JSON.parse(request?.body ?? '{}')
  assert.equal(body.to, '+821012345678')
  assert.equal(body.text, '(광고) Your cart is waiting.\n무료수신거부 080-000-0000')
  await sms.send(message({ channel: 'sms', messageType: 'order_updates' }))
  assert.equal(JSON.parse(sink.received[1]?.body ?? '{}').text, 'Your cart is waiting.')
})

test('an SMS through a Twilio-style API is a form with To, From, Body and Basic auth from the URL', async () => {
  const sink = await httpSink()
  const url = sink.url.replace('http://', 'http://AC123:secret@')
  const sms = httpSms({
    url,
    format: 'twilio',
    token: null,
    from: '+15550001',
    marketingPrefix: '',
    optOutLine: '',
    timeoutMs: 5000,
  })
  const held = await sms.send(message({ channel: 'sms', to: '+15550002', messageType: 'order_updates' }))
  assert.equal(held.providerMessageId, 'SM123')
  const [request] = sink.received
  assert.equal(request?.headers.authorization, `Basic ${Buffer.from('AC123:secret').toString('base64')}`)
  assert.equal(request?.headers['content-type'], 'application/x-www-form-urlencoded')
  const form = new URLSearchParams(request?.body)
  assert.deepEqual(
    [form.get('To'), form.get('From'), form.get('Body')],
    ['+15550002', '+15550001', 'Your cart is waiting.'],
  )
})

test('a provider answering 400 fails permanently, 503 for a retry', async () => {
  const bad = await httpSink(400, '{"error":"bad number"}')
  const down = await httpSink(503, 'down')
  const options = { format: 'json', token: null, from: null, timeoutMs: 5000 } as const
  await assert.rejects(
    messenger({ ...options, url: bad.url }).send(message()),
    (e: { permanent: boolean }) => e.permanent,
  )
  await assert.rejects(
    messenger({ ...options, url: down.url }).send(message()),
    (e: { permanent: boolean }) => !e.permanent,
  )
})

test('a webhook is signed with HMAC-SHA256 over "timestamp.body" and carries the metadata', async () => {
  const sink = await httpSink(200, '{}')
  const hook = webhook({ url: sink.url, secret: 'whsec_1', timeoutMs: 5000, now: () => 1_700_000_000 })
  await hook.send(message({ channel: 'webhook' }))
  const [request] = sink.received
  assert.equal(request?.body, WEBHOOK_BODY)
  assert.equal(request?.headers['reel-signature'], `t=1700000000,v1=${WEBHOOK_V1}`)
})

test('the webhook signature is HMAC-SHA256 of "timestamp.body" in hex, as a shop verifies it', () => {
  assert.equal(
    webhookSignature('whsec_1', 1_700_000_000, '{"id":"evt_1"}'),
    't=1700000000,v1=86d9cb9088d7cce050b0134e2d515d0fc05e8c00073612d3451480c6291f4dcd',
  )
})

test('the log channel appends each message as a JSON line to the day’s file, once finished', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reel-log-'))
  const log = logChannel({ dataDir, clock: () => new Date('2026-11-23T10:00:00Z') })
  const held = await log.send(message({ channel: 'log' }))
  const file = join(dataDir, 'messages', '2026-11-23.jsonl')
  await held.finish()
  await (await log.send(message({ channel: 'log', idempotencyKey: 'k2' }))).finish()
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  assert.deepEqual(
    lines.map((l) => l.idempotencyKey),
    ['campaign:c1:cust-1:step-1', 'k2'],
  )
})

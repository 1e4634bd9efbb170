import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type SmtpSink, startSmtpSink } from '../channels/test-support/smtp-sink.js'
import { bearer, engines } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'

const PASSWORD = 'twelve chars or more'
const USERS = { admin: 'admin@shop.kr', marketer: 'mina@shop.kr', viewer: 'joon@shop.kr' } as const
type Who = keyof typeof USERS | 'token'

// The outbox's retry and test messages, the settings the environment gives, and dashboard users: each route
// with the roles that may call it and what bad input gets.
for (const engine of engines) {
  describe(`outbox, settings and users routes on ${engine.name}`, { skip: engine.skip }, () => {
    let sink: SmtpSink
    const env: Record<string, string> = {
      REEL_OUTBOX_MAX_ATTEMPTS: '1',
      // Credentials in URLs and tokens: the settings must never show them.
      REEL_WEBHOOK_SECRET: 'a webhook secret of some length',
      REEL_SMS_URL: 'https://sms-user:sms-password-value@sms.example/send?key=sms-key-value',
      REEL_SMS_TOKEN: 'sms-token-value',
    }
    before(async () => {
      sink = await startSmtpSink({
        refuseRecipient: (to) =>
          to.startsWith('nobody') ? { code: 550, message: 'no such user' } : undefined,
      })
      env.REEL_SMTP_URL = sink.url
      env.REEL_WEBHOOK_URL = 'https://hooks.example/secret-path?token=hook-token-value'
    })
    after(() => sink.close())
    const shop = httpOnEngine(engine, { env })
    const sessions = new Map<Who, Record<string, string>>([['token', { authorization: bearer() }]])
    before(async () => {
      let address = 0
      for (const [role, email] of Object.entries(USERS)) {
        await shop.reel.users.add(email, role as keyof typeof USERS, PASSWORD)
        const res = await shop.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { email, password: PASSWORD },
          remoteAddress: `10.0.1.${++address}`,
        })
        assert.equal(res.statusCode, 200, res.body)
        const cookie = String(res.headers['set-cookie']).split(';')[0] ?? ''
        sessions.set(role as Who, { cookie, 'x-csrf-token': res.json().csrfToken })
      }
    })
    const call = (who: Who, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      shop.app.inject({ method, url, headers: sessions.get(who), ...(payload ? { payload } : {}) })
    const refusal = async (res: Awaited<ReturnType<typeof call>>, status: number) => {
      assert.equal(res.statusCode, status, res.body)
      return res.json().error as { code: string; message: string; details?: { field: string }[] }
    }

    /** A message that died on its one try (the sink refuses its address). */
    async function deadMessage(n: number): Promise<string> {
      const key = `ops-test:${engine.name}:${n}`
      await shop.reel.channels.enqueue(shop.reel.database.db, [
        {
          idempotencyKey: key,
          channel: 'email',
          customerId: `cust-${n}`,
          messageType: 'order_updates',
          to: `nobody-${n}@shop.kr`,
          subject: 'Your order',
          text: 'It shipped.',
          html: null,
          unsubscribeUrl: null,
          metadata: {},
        },
      ])
      await shop.reel.channels.deliverDue()
      const { messages } = await shop.reel.channels.listMessages({ customerId: `cust-${n}`, limit: 1 })
      assert.equal(messages[0]?.state, 'dead')
      return messages[0]?.id ?? ''
    }

    test('a marketer puts a dead message back; again changes nothing; a viewer may not', async () => {
      const id = await deadMessage(1)
      const viewer = await refusal(await call('viewer', 'POST', `/api/v1/messages/${id}/retry`), 403)
      assert.equal(viewer.code, 'REEL_ERR_FORBIDDEN')
      const first = await call('marketer', 'POST', `/api/v1/messages/${id}/retry`)
      assert.equal(first.statusCode, 200, first.body)
      assert.deepEqual(first.json(), { id, state: 'pending', retried: true })
      const again = await call('marketer', 'POST', `/api/v1/messages/${id}/retry`)
      assert.deepEqual(again.json(), { id, state: 'pending', retried: false })
      const listed = await call('viewer', 'GET', '/api/v1/messages?customer=cust-1')
      assert.equal(listed.json().messages[0].state, 'pending')
    })

    test('retrying a sent message is refused with 409; an unknown one is 404; a bad id is 400', async () => {
      const sent = await call('admin', 'POST', '/api/v1/channels/email/test', { to: 'ops@shop.kr' })
      assert.equal(sent.json().state, 'sent', sent.body)
      const conflict = await refusal(
        await call('marketer', 'POST', `/api/v1/messages/${sent.json().id}/retry`),
        409,
      )
      assert.match(conflict.message, /is sent: only a dead or failed message can be retried/)
      await refusal(await call('marketer', 'POST', '/api/v1/messages/987654321/retry'), 404)
      const bad = await refusal(await call('marketer', 'POST', '/api/v1/messages/abc/retry'), 400)
      assert.equal(bad.details?.[0]?.field, 'params.id')
    })

    test('an admin sends a test message and hears the state it reached; others may not', async () => {
      const sent = await call('admin', 'POST', '/api/v1/channels/email/test', { to: 'owner@shop.kr' })
      assert.equal(sent.statusCode, 200, sent.body)
      const { state, lastError } = sent.json()
      assert.deepEqual({ state, lastError }, { state: 'sent', lastError: null })
      assert.ok(
        sink.received.some((m) => m.to[0] === 'owner@shop.kr'),
        'the sink has it',
      )
      const refused = await call('token', 'POST', '/api/v1/channels/email/test', { to: 'nobody@shop.kr' })
      assert.equal(refused.json().state, 'dead', 'refused for good, and said so')
      assert.match(refused.json().lastError, /no such user/)
      for (const who of ['marketer', 'viewer'] as const)
        await refusal(await call(who, 'POST', '/api/v1/channels/email/test', { to: 'a@shop.kr' }), 403)
      const none = await refusal(
        await call('admin', 'POST', '/api/v1/channels/messenger/test', { to: 'friend-1' }),
        409,
      )
      assert.match(
        none.message,
        /No provider is configured for the messenger channel: set REEL_MESSENGER_URL/,
      )
    })

    test('a test message with a bad address or channel is 400 naming the field', async () => {
      const cases: Array<[string, object, string]> = [
        ['email', { to: 'not an address' }, 'body.to'],
        ['email', {}, 'body.to'],
        ['email', { to: '' }, 'body.to'],
        ['pigeon', { to: 'a@shop.kr' }, 'params.channel'],
      ]
      for (const [channel, body, field] of cases) {
        const error = await refusal(
          await call('admin', 'POST', `/api/v1/channels/${channel}/test`, body),
          400,
        )
        assert.equal(error.details?.[0]?.field, field, JSON.stringify(body))
      }
    })

    test('the settings show what the environment sets, to a viewer, and never a password, token or secret', async () => {
      const res = await call('viewer', 'GET', '/api/v1/settings')
      assert.equal(res.statusCode, 200, res.body)
      const settings = res.json()
      assert.deepEqual(settings.consent.quietHours, { start: '21:00', end: '08:00' })
      assert.equal(settings.consent.marketingConsent, 'opt_in')
      assert.equal(settings.outbox.maxAttempts, 1)
      const email = settings.channels.find((c: { channel: string }) => c.channel === 'email')
      assert.deepEqual([email.configured, email.authenticated], [true, false])
      const sms = settings.channels.find((c: { channel: string }) => c.channel === 'sms')
      assert.deepEqual([sms.endpoint, sms.authenticated], ['https://sms.example', true])
      assert.equal(email.endpoint, `smtp://${new URL(sink.url).host}`)
      const webhook = settings.channels.find((c: { channel: string }) => c.channel === 'webhook')
      assert.deepEqual([webhook.endpoint, webhook.signed], ['https://hooks.example', true])
      for (const secret of [
        'smtp-password-value',
        'mailer',
        'hook-token-value',
        'secret-path',
        'webhook secret',
      ])
        assert.ok(!res.body.includes(secret), `${secret} is not shown`)
    })

    test('an admin lists, adds and removes users; a marketer or viewer may not even list them', async () => {
      for (const who of ['marketer', 'viewer'] as const) {
        await refusal(await call(who, 'GET', '/api/v1/users'), 403)
        await refusal(
          await call(who, 'POST', '/api/v1/users', {
            email: 'x@shop.kr',
            role: 'viewer',
            password: PASSWORD,
          }),
          403,
        )
        await refusal(await call(who, 'DELETE', '/api/v1/users/joon@shop.kr'), 403)
      }
      const added = await call('admin', 'POST', '/api/v1/users', {
        email: 'new@shop.kr',
        role: 'viewer',
        password: PASSWORD,
      })
      assert.equal(added.statusCode, 201, added.body)
      const { email, role } = added.json()
      assert.deepEqual({ email, role }, { email: 'new@shop.kr', role: 'viewer' })
      const taken = await refusal(
        await call('admin', 'POST', '/api/v1/users', {
          email: 'NEW@shop.kr',
          role: 'admin',
          password: PASSWORD,
        }),
        409,
      )
      assert.match(taken.message, /already a user/)
      const emails = (await call('admin', 'GET', '/api/v1/users'))
        .json()
        .users.map((u: { email: string }) => u.email)
      assert.deepEqual(emails, ['admin@shop.kr', 'joon@shop.kr', 'mina@shop.kr', 'new@shop.kr'])
      const removed = await call('admin', 'DELETE', '/api/v1/users/New@shop.kr')
      assert.deepEqual(removed.json(), { removed: true })
      await refusal(await call('admin', 'DELETE', '/api/v1/users/new@shop.kr'), 404)
    })

    test('an admin cannot remove themselves, nor anyone the last admin', async () => {
      const self = await refusal(await call('admin', 'DELETE', '/api/v1/users/ADMIN@shop.kr'), 409)
      assert.match(self.message, /cannot remove yourself/)
      const last = await refusal(await call('token', 'DELETE', '/api/v1/users/admin@shop.kr'), 409)
      assert.match(last.message, /the last admin/)
      assert.equal((await call('admin', 'GET', '/api/v1/users')).statusCode, 200, 'still there')
    })

    test('write keys, credentials, are an admin’s only, the list too; a nameless key is 400', async () => {
      for (const who of ['marketer', 'viewer'] as const) {
        await refusal(await call(who, 'GET', '/api/v1/write-keys'), 403)
        await refusal(await call(who, 'POST', '/api/v1/write-keys', { name: 'site' }), 403)
      }
      const made = await call('admin', 'POST', '/api/v1/write-keys', { name: 'site' })
      assert.equal(made.statusCode, 201, made.body)
      const listed = (await call('admin', 'GET', '/api/v1/write-keys')).json().writeKeys
      assert.ok(listed.some((k: { key: string }) => k.key === made.json().key))
      await refusal(await call('viewer', 'POST', `/api/v1/write-keys/${made.json().key}/revoke`), 403)
      assert.equal(
        (await call('admin', 'POST', `/api/v1/write-keys/${made.json().key}/revoke`)).statusCode,
        200,
      )
      const nameless = await refusal(await call('admin', 'POST', '/api/v1/write-keys', { name: '' }), 400)
      assert.equal(nameless.details?.[0]?.field, 'body.name')
    })

    test('a user with bad input is 400 naming the field', async () => {
      const cases: Array<[object, string]> = [
        [{ email: 'not an address', role: 'viewer', password: PASSWORD }, 'body.email'],
        [{ email: 'a@shop.kr', role: 'owner', password: PASSWORD }, 'body.role'],
        [{ email: 'a@shop.kr', role: 'viewer', password: 'short' }, 'body.password'],
        [{ email: 'a@shop.kr', role: 'viewer' }, 'body.password'],
      ]
      for (const [body, field] of cases) {
        const error = await refusal(await call('admin', 'POST', '/api/v1/users', body), 400)
        assert.equal(error.details?.[0]?.field, field, JSON.stringify(body))
      }
    })
  })
}

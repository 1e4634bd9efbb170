import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { sql } from 'kysely'
import { migrations, type Reel } from '../app.js'
import { consentRoutes } from '../http/consent-routes.js'
import { getCustomers } from '../profiles/index.js'
import { engines } from '../test-support/engines.js'
import { type Consent, consentMigrations, createConsent, DEFAULT_CONSENT_SETTINGS } from './index.js'

const NOON_SEOUL = new Date('2026-05-01T03:00:00Z')

for (const engine of engines) {
  describe(`consent (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let consent: Consent
    let app: FastifyInstance
    let now = NOON_SEOUL

    before(async () => {
      reel = await engine.start({ clock: () => now })
      await reel.database.migrate([...migrations, ...consentMigrations])
      await reel.ingestor.ingest([
        {
          type: 'identify',
          userId: 'mina',
          messageId: 'identify-mina',
          timestamp: NOON_SEOUL.toISOString(),
          traits: { email: 'mina@example.kr', phone: '+82 10 1111 2222', marketing_consent: true },
        },
        {
          type: 'identify',
          userId: 'joon',
          messageId: 'identify-joon',
          timestamp: NOON_SEOUL.toISOString(),
          traits: { email: 'joon@example.kr', consent: { email: true, sms: false } },
        },
        {
          type: 'identify',
          userId: 'hana',
          messageId: 'identify-hana',
          timestamp: NOON_SEOUL.toISOString(),
          traits: { email: 'hana@example.kr', timezone: 'Europe/London' },
        },
        {
          type: 'identify',
          userId: 'sora',
          messageId: 'identify-sora',
          timestamp: NOON_SEOUL.toISOString(),
          traits: {
            email: 'sora@example.kr',
            phone: '+82 10 3333 4444',
            marketing_consent: true,
            locale: 'ko-KR',
          },
        },
      ])
      consent = createConsent({
        db: reel.database.db,
        clock: () => now,
        settings: { ...DEFAULT_CONSENT_SETTINGS, publicUrl: 'https://shop.example/reel' },
        customersOf: getCustomers,
      })
      app = Fastify({ logger: false })
      app.setValidatorCompiler(validatorCompiler)
      app.setSerializerCompiler(serializerCompiler)
      await app.register(consentRoutes, { consent })
    })

    after(async () => {
      await app?.close()
      await reel?.close()
    })

    const ask = (customerId: string, over: Record<string, unknown> = {}) =>
      consent.decide(reel.database.db, {
        customerId,
        channel: 'email',
        messageType: 'marketing',
        at: now,
        quietHours: 'hold',
        ...over,
      })
    const path = (url: string) => new URL(url).pathname.replace(/^\/reel/, '')

    it('reads consent from identify traits, per channel', async () => {
      assert.deepEqual(await ask('mina'), { decision: 'send', to: 'mina@example.kr' })
      assert.deepEqual(await ask('mina', { channel: 'sms' }), { decision: 'send', to: '+82 10 1111 2222' })
      assert.deepEqual(await ask('joon', { channel: 'sms' }), { decision: 'skip', reason: 'no_consent' })
      assert.deepEqual(await ask('hana'), { decision: 'skip', reason: 'no_consent' })
      assert.equal((await ask('hana', { messageType: 'order_updates' })).decision, 'send')
      assert.deepEqual(await ask('nobody'), { decision: 'skip', reason: 'no_address' })
    })

    it('caps count the marketing sends recorded in the rolling day', async () => {
      const caps = { perChannelPerDay: 2, globalPerWeek: 5 }
      for (const hoursAgo of [30, 3]) {
        const at = new Date(now.getTime() - hoursAgo * 3_600_000)
        await consent.recordSent(reel.database.db, [
          { customerId: 'joon', channel: 'email', messageType: 'marketing', at },
        ])
      }
      assert.equal((await ask('joon', { caps })).decision, 'send') // one in the last 24 h
      await consent.recordSent(reel.database.db, [
        { customerId: 'joon', channel: 'email', messageType: 'marketing', at: now },
      ])
      assert.deepEqual(await ask('joon', { caps }), { decision: 'skip', reason: 'frequency_cap' })
      assert.equal((await ask('joon', { caps, messageType: 'order_updates' })).decision, 'send')
    })

    it('weekly per-channel caps count the marketing sends of the rolling week on that channel only', async () => {
      const caps = { perChannelPerWeek: 3 }
      const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000)
      // Two e-mails this week, one seven and a half days ago (outside the week), one SMS, one order update.
      await consent.recordSent(reel.database.db, [
        { customerId: 'sora', channel: 'email', messageType: 'marketing', at: daysAgo(7.5) },
        { customerId: 'sora', channel: 'email', messageType: 'marketing', at: daysAgo(6) },
        { customerId: 'sora', channel: 'email', messageType: 'marketing', at: daysAgo(2) },
        { customerId: 'sora', channel: 'sms', messageType: 'marketing', at: daysAgo(1) },
        { customerId: 'sora', channel: 'email', messageType: 'order_updates', at: daysAgo(1) },
      ])
      assert.equal((await ask('sora', { caps })).decision, 'send', 'two e-mails this week, the cap is three')
      await consent.recordSent(reel.database.db, [
        { customerId: 'sora', channel: 'email', messageType: 'marketing', at: daysAgo(3) },
      ])
      assert.deepEqual(await ask('sora', { caps }), { decision: 'skip', reason: 'frequency_cap' })
      assert.equal((await ask('sora', { caps, channel: 'sms' })).decision, 'send', 'SMS has its own cap')
      assert.equal((await ask('sora', { caps, messageType: 'order_updates' })).decision, 'send')
      // A day later the e-mail of six days ago has left the week: one more may go.
      assert.equal((await ask('sora', { caps, at: daysAgo(-1) })).decision, 'send')
    })

    it('decides inside the caller’s transaction', async () => {
      const decision = await reel.database.db.transaction().execute((tx) =>
        consent.decide(tx, {
          customerId: 'mina',
          channel: 'email',
          messageType: 'marketing',
          at: new Date('2026-05-01T13:00:00Z'),
          quietHours: 'hold',
        }),
      )
      assert.deepEqual(decision, {
        decision: 'hold',
        until: new Date('2026-05-01T23:00:00Z'),
        reason: 'quiet_hours',
      })
    })

    it('the preference centre shows the choices and saves them, with a notice', async () => {
      const url = await consent.preferenceUrl('hana')
      assert.match(url, /^https:\/\/shop\.example\/reel\/p\/cpt_/)
      const page = await app.inject({ url: path(url), headers: { 'accept-language': 'ko-KR' } })
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /수신 설정/)
      assert.match(page.headers['content-security-policy'] as string, /default-src 'none'/)
      assert.equal(page.headers['cache-control'], 'no-store')
      assert.match(page.body, /name="email.order_updates"[^>]* checked/)
      assert.doesNotMatch(page.body, /name="email.marketing"[^>]* checked/)
      assert.match(page.body, /<th scope="col">선물 알림<\/th>/)
      assert.match(page.body, /name="sms.gifts"[^>]* checked/, 'gift notices are on until turned off')

      const saved = await app.inject({
        method: 'POST',
        url: path(url),
        payload: 'email.marketing=on&email.order_updates=on&action=save',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      assert.equal(saved.statusCode, 303)
      assert.equal(saved.headers.location, `${path(url)}?notice=saved`)
      const again = await app.inject({ url: saved.headers.location })
      assert.match(again.body, /Your choices are saved/)
      // 04:00 in London, where Hana lives: held until 08:00 there; at noon it goes.
      assert.deepEqual(await ask('hana'), {
        decision: 'hold',
        until: new Date('2026-05-01T07:00:00Z'),
        reason: 'quiet_hours',
      })
      const londonNoon = new Date('2026-05-01T11:00:00Z')
      assert.deepEqual(await ask('hana', { at: londonNoon }), { decision: 'send', to: 'hana@example.kr' })
      const prefs = await consent.preferences('hana')
      const emailMarketing = prefs.choices.find((c) => c.channel === 'email' && c.messageType === 'marketing')
      assert.equal(emailMarketing?.source, 'preference_centre')
      assert.equal(emailMarketing?.changedAt, NOON_SEOUL.toISOString())
      // SMS order updates and every gift notice were unticked: turned off.
      assert.equal((await ask('hana', { channel: 'sms', messageType: 'order_updates' })).decision, 'skip')
      assert.equal((await ask('hana', { messageType: 'gifts' })).decision, 'skip')
    })

    it("the preference centre and unsubscribe page speak the profile's language, whatever the browser", async () => {
      const headers = { 'accept-language': 'en-US,en;q=0.9' }
      const centre = await app.inject({ url: path(await consent.preferenceUrl('sora')), headers })
      assert.match(centre.body, /<html lang="ko">/)
      assert.match(centre.body, /수신 설정/)
      const unsubscribe = await app.inject({
        url: path(await consent.unsubscribeUrl('sora', 'sms', 'marketing')),
        headers,
      })
      assert.match(unsubscribe.body, /<html lang="ko">/)
      const english = await app.inject({ url: path(await consent.preferenceUrl('joon')), headers })
      assert.match(english.body, /<html lang="en">/, 'no locale trait: the browser decides')
    })

    it('unsubscribe from everything turns every message off', async () => {
      const url = await consent.preferenceUrl('mina')
      const done = await app.inject({
        method: 'POST',
        url: path(url),
        payload: 'action=unsubscribe-all',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      assert.equal(done.statusCode, 303)
      assert.deepEqual(await ask('mina'), { decision: 'skip', reason: 'unsubscribed' })
      assert.deepEqual(await ask('mina', { messageType: 'order_updates' }), {
        decision: 'skip',
        reason: 'unsubscribed',
      })
      const prefs = await consent.setPreferences(
        'mina',
        { choices: [{ channel: 'email', messageType: 'order_updates', allowed: true }] },
        'api',
      )
      assert.equal(prefs.choices.filter((c) => c.allowed).length, 1)
    })

    it('a GET of the unsubscribe link only asks; the POST unsubscribes', async () => {
      const url = await consent.unsubscribeUrl('joon', 'email', 'marketing')
      assert.match(url, /\/u\/cut_/)
      const page = await app.inject({ url: path(url) })
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Stop receiving Offers and news by E-mail\?/)
      assert.equal((await ask('joon', { at: new Date(now.getTime() + 8 * 86_400_000) })).decision, 'send')
      const done = await app.inject({
        method: 'POST',
        url: path(url),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: '',
      })
      assert.equal(done.statusCode, 200)
      assert.match(done.body, /You are unsubscribed/)
      assert.match(done.body, /href="\/reel\/p\/cpt_|href="\/p\/cpt_/)
      assert.deepEqual(await ask('joon'), { decision: 'skip', reason: 'unsubscribed' })
    })

    it('RFC 8058 one-click: url-encoded or multipart, no cookie, answers 200', async () => {
      const first = await consent.unsubscribeUrl('hana', 'email', 'marketing')
      const oneClick = await app.inject({
        method: 'POST',
        url: path(first),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      })
      assert.equal(oneClick.statusCode, 200)
      assert.deepEqual(await ask('hana'), { decision: 'skip', reason: 'unsubscribed' })

      // E-mail order updates are on for Hana (the preference centre test ticked them): the link turns them off.
      const orderUpdates = { messageType: 'order_updates', at: new Date('2026-05-01T11:00:00Z') }
      assert.equal((await ask('hana', orderUpdates)).decision, 'send')
      const second = await consent.unsubscribeUrl('hana', 'email', 'order_updates')
      const boundary = 'reel-boundary'
      const multipart = await app.inject({
        method: 'POST',
        url: path(second),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
      })
      assert.equal(multipart.statusCode, 200)
      assert.deepEqual(await ask('hana', orderUpdates), { decision: 'skip', reason: 'unsubscribed' })
      const prefs = await consent.preferences('hana')
      const off = prefs.choices.find((c) => c.channel === 'email' && c.messageType === 'order_updates')
      assert.deepEqual([off?.allowed, off?.source], [false, 'unsubscribe'])
    })

    it('unknown and expired links show a page, not a customer', async () => {
      const unknown = await app.inject({ url: '/p/cpt_nothing' })
      assert.equal(unknown.statusCode, 404)
      assert.match(unknown.body, /This link is not valid/)
      const unsubscribe = await app.inject({ method: 'POST', url: '/u/cut_nothing' })
      assert.equal(unsubscribe.statusCode, 404)
      const url = await consent.preferenceUrl('joon')
      now = new Date(now.getTime() + 401 * 86_400_000)
      try {
        assert.equal((await app.inject({ url: path(url) })).statusCode, 404)
        // A preference token does not unsubscribe.
        const asUnsubscribe = path(url).replace('/p/', '/u/')
        assert.equal((await app.inject({ method: 'POST', url: asUnsubscribe })).statusCode, 404)
      } finally {
        now = NOON_SEOUL
      }
    })

    it('pruning deletes expired links and sends the caps no longer look at, and nothing else', async () => {
      const db = reel.database.db
      const fresh = await consent.preferenceUrl('mina')
      await consent.recordSent(db, [
        {
          customerId: 'mina',
          channel: 'email',
          messageType: 'marketing',
          at: new Date(now.getTime() - 9 * 86_400_000),
        },
        {
          customerId: 'mina',
          channel: 'email',
          messageType: 'marketing',
          at: new Date(now.getTime() - 6 * 86_400_000),
        },
      ])
      const later = new Date(now.getTime() + 402 * 86_400_000)
      const counts = async () =>
        (
          await sql<{ tokens: number; sends: number }>`select
            (select count(*)::int from consent_tokens) as tokens, (select count(*)::int from consent_sends) as sends`.execute(
            db,
          )
        ).rows[0]
      const before = await counts()
      const pruned = await consent.prune(now)
      assert.equal(pruned.sends, 1, 'the send of nine days ago')
      assert.equal((await app.inject({ url: path(fresh) })).statusCode, 200, 'a live link still works')
      const all = await consent.prune(later)
      assert.equal(all.tokens, before?.tokens, 'every token has expired a year later')
      assert.deepEqual(await counts(), { tokens: 0, sends: 0 })
    })
  })
}

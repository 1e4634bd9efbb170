/**
 * Gift notices end to end: gifts made through the coupon wallet, messages through the outbox, e-mail over
 * real SMTP (a local smtp-server), SMS to a local HTTP provider, links opened on the customer pages.
 */
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { type SmtpSink, startSmtpSink } from '../channels/test-support/smtp-sink.js'
import { MEMBERS, NOW, openTestShop, type TestShop } from '../pages/test-support.js'
import { engines } from '../test-support/engines.js'
import { createGiftNotices } from './index.js'

const DAY = 86_400_000

/** A received e-mail read back: headers unfolded, encoded words and the text part decoded. */
function readMail(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const [head = '', ...rest] = raw.split('\r\n\r\n')
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const at = line.indexOf(':')
    headers[line.slice(0, at).toLowerCase()] = line
      .slice(at + 1)
      .trim()
      .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_w, how: string, data: string) =>
        how.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString()
          : Buffer.from(
              data
                .replace(/_/g, ' ')
                .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            ).toString(),
      )
  }
  const body = rest.join('\r\n\r\n')
  const part = (subtype: string) => {
    const match = new RegExp(
      `Content-Type: text/${subtype}; charset=utf-8\\r\\nContent-Transfer-Encoding: ([\\w-]+)\\r\\n\\r\\n([\\s\\S]*?)(?:\\r\\n--|$)`,
    ).exec(body)
    if (!match) return ''
    const [, encoding, data = ''] = match
    if (encoding === 'base64') return Buffer.from(data.replace(/\s/g, ''), 'base64').toString()
    if (encoding === 'quoted-printable')
      return Buffer.from(
        data
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString()
    return data
  }
  return { headers, text: part('plain'), html: part('html') }
}

for (const engine of engines) {
  describe(`gift notices (${engine.name})`, { skip: engine.skip }, () => {
    let shop: TestShop
    let smtp: SmtpSink
    let now = NOW
    const sms: Array<{ to: string; text: string; message_type: string }> = []
    const provider = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      request.on('end', () => {
        sms.push(JSON.parse(body))
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"sms-1"}')
      })
    })

    const mailsTo = (address: string) =>
      smtp.received.filter((m) => m.to.includes(address)).map((m) => readMail(m.raw))
    const deliver = () => shop.reel.channels.deliverDue(now)
    const path = (url: string) => new URL(url).pathname
    const outboxKeys = async (giftId: string) =>
      (
        await sql<{ idempotency_key: string }>`
          select idempotency_key from outbox_messages where idempotency_key like ${`gift:${giftId}:%`}
          order by id`.execute(shop.reel.database.db)
      ).rows.map((r) => r.idempotency_key)

    before(async () => {
      smtp = await startSmtpSink()
      await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve))
      const port = (provider.address() as AddressInfo).port
      shop = await openTestShop(engine, () => now, {
        REEL_SMTP_URL: smtp.url,
        REEL_SMS_URL: `http://127.0.0.1:${port}/sms`,
        REEL_PUBLIC_URL: 'https://maru.example',
        REEL_EMAIL_FROM: 'Maru Store <hello@maru.example>',
      })
    })
    after(async () => {
      await shop?.close()
      await smtp?.close()
      provider.close()
    })

    it('a friend who is not a member gets an e-mail with a claim link that works; claiming tells the giver', async () => {
      const gift = await shop.gift('mina', { email: 'dana@example.net' }, 'Happy birthday!')
      await deliver()
      const [invite, ...more] = mailsTo('dana@example.net')
      assert.ok(invite)
      assert.equal(more.length, 0)
      assert.equal(invite.headers.subject, 'Mina sent you a gift from Maru Store')
      assert.match(
        invite.text,
        /Mina sent you a coupon from Maru Store: ₩5,000 off \(On orders of ₩20,000 or more\)/,
      )
      assert.match(invite.text, /“Happy birthday!”/)
      // Claimable for 7 days from 09:00 UTC; a friend without a profile reads the shop's clock, named.
      assert.match(
        invite.text,
        /Claim it by May 8, 2026\D+6:00\sPM GMT\+9: https:\/\/maru\.example\/g\/[\w-]{43}/,
      )
      assert.match(invite.html, /<a href="https:\/\/maru\.example\/g\/[\w-]{43}"[^>]*>Claim your gift<\/a>/)
      assert.match(invite.headers['list-unsubscribe'] ?? '', /^<https:\/\/maru\.example\/u\/cut_[\w-]+>$/)
      assert.ok(!invite.text.includes((await shop.reel.coupons.getCoupon(gift.couponId))?.code ?? '?'))

      const claimUrl = /https:\/\/maru\.example\/g\/[\w-]{43}/.exec(invite.text)?.[0] ?? ''
      assert.equal(claimUrl, gift.claimUrl)
      const opened = await shop.app.inject({ url: path(claimUrl), headers: { 'accept-language': 'en' } })
      assert.equal(opened.statusCode, 200)
      assert.match(opened.body, /Mina Kim sent you a gift from Maru Store/)
      const claimed = await shop.app.inject({
        method: 'POST',
        url: `${path(claimUrl)}/claim`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
        payload: 'email=dana%40example.net&name=Dana+Choi',
      })
      assert.equal(claimed.statusCode, 200)
      assert.match(claimed.body, /id="coupon-code"/)

      await deliver()
      const [thanks, ...others] = mailsTo(MEMBERS.mina.email)
      assert.ok(thanks)
      assert.equal(others.length, 0)
      assert.equal(thanks.headers.subject, 'Dana claimed your gift')
      assert.match(
        thanks.text,
        /Dana claimed the coupon you gave \(₩5,000 off\) and joined Maru Store with it/,
      )
      assert.match(thanks.text, /https:\/\/maru\.example\/w\/cwt_[\w-]+/)
      assert.deepEqual(await outboxKeys(gift.id), [
        `gift:${gift.id}:sent:receiver`,
        `gift:${gift.id}:claimed:giver`,
      ])
      const messages = await shop.reel.channels.listMessages({ limit: 10 })
      assert.ok(messages.messages.every((m) => m.messageType === 'gifts' && m.state === 'sent'))
    })

    it('a member gets their notice in their language with their wallet link; a decline tells the giver, once', async () => {
      const gift = await shop.gift('mina', { email: MEMBERS.sora.email })
      await deliver()
      const [invite] = mailsTo(MEMBERS.sora.email)
      assert.ok(invite)
      assert.equal(invite.headers.subject, 'Mina님이 Maru Store 쿠폰을 선물했어요')
      assert.match(invite.text, /^김소라님, 안녕하세요\./)
      assert.match(
        invite.text,
        /쿠폰함에서 2026년 5월 8일 18:00 GMT\+9까지 받을 수 있어요: https:\/\/maru\.example\/w\/cwt_/,
      )
      const wallet = /https:\/\/maru\.example\/w\/cwt_[\w-]+/.exec(invite.text)?.[0] ?? ''
      const page = await shop.app.inject({ url: path(wallet), headers: { 'accept-language': 'en' } })
      assert.match(page.body, new RegExp(`data-gift="${gift.id}"`), 'the wallet shows the gift to accept')

      const declined = await shop.app.inject({
        method: 'POST',
        url: `${path(wallet)}/gifts/${gift.id}/decline`,
      })
      assert.equal(declined.statusCode, 303)
      const again = await shop.app.inject({ method: 'POST', url: `${path(wallet)}/gifts/${gift.id}/decline` })
      assert.equal(again.statusCode, 409, 'the same transition a second time changes nothing')
      await deliver()
      const told = mailsTo(MEMBERS.mina.email).filter((m) => m.headers.subject?.includes('declined'))
      assert.equal(told.length, 1)
      assert.equal(told[0]?.headers.subject, '김소라 declined your gift')
      assert.match(
        told[0]?.text ?? '',
        /The coupon \(₩5,000 off\) is back in your wallet\. Valid until May 15, 2026/,
      )
      assert.deepEqual(await outboxKeys(gift.id), [
        `gift:${gift.id}:sent:receiver`,
        `gift:${gift.id}:declined:giver`,
      ])
    })

    it('a gift not claimed in time tells the giver once, however often the round runs or the event is told', async () => {
      const gift = await shop.gift('joon', { email: 'eve@example.net' })
      await deliver()
      now = new Date(NOW.getTime() + 8 * DAY)
      try {
        assert.equal((await shop.reel.coupons.runMaintenance()).giftsExpired >= 1, true)
        await shop.reel.coupons.runMaintenance()
        // The same event told again (a replay): the outbox keeps one message per gift, event and role.
        const [expired] = await shop.reel.coupons.listGifts({ couponId: gift.couponId, limit: 1 })
        const coupon = await shop.reel.coupons.getCoupon(gift.couponId)
        assert.ok(expired && coupon)
        assert.equal(expired.state, 'expired')
        const { reel } = shop
        const notices = createGiftNotices({
          consent: reel.consent,
          templates: reel.templates,
          channels: reel.channels,
          clock: () => now,
          shopName: 'Maru Store',
          defaultTimeZone: 'Asia/Seoul',
          customersOf: async () => new Map(),
          walletUrl: async (tx, id) => (await reel.coupons.createWalletLink(id, tx)).url,
        })
        await reel.database.db
          .transaction()
          .execute((tx) => notices(tx, [{ kind: 'expired', gift: expired, coupon, claimUrl: null }]))
        await deliver()
        const told = mailsTo(MEMBERS.joon.email).filter((m) =>
          /not claimed in time/.test(m.headers.subject ?? ''),
        )
        assert.equal(told.length, 1)
        assert.match(told[0]?.text ?? '', /The coupon you gave to eve@example\.net was not claimed in time/)
        assert.deepEqual(await outboxKeys(gift.id), [
          `gift:${gift.id}:sent:receiver`,
          `gift:${gift.id}:expired:giver`,
        ])
      } finally {
        now = NOW
      }
    })

    it("an opt-out of gift notices is respected, a friend's unsubscribe too; a phone gift goes by SMS", async () => {
      await shop.reel.consent.setPreferences(
        'hana',
        { choices: [{ channel: 'email', messageType: 'gifts', allowed: false }] },
        'preference_centre',
      )
      const taken = await shop.gift('hana', { email: 'finn@example.net' })
      await shop.reel.coupons.cancelGift(taken.id, 'hana')
      await deliver()
      assert.deepEqual(await outboxKeys(taken.id), [`gift:${taken.id}:sent:receiver`], 'nothing for Hana')
      assert.equal(mailsTo(MEMBERS.hana.email).length, 0)

      // Finn unsubscribes with the link in his notice (one click): the next gift to him sends nothing.
      const [notice] = mailsTo('finn@example.net')
      const unsubscribe = /^<(.+)>$/.exec(notice?.headers['list-unsubscribe'] ?? '')?.[1] ?? ''
      const done = await shop.app.inject({
        method: 'POST',
        url: path(unsubscribe),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      })
      assert.equal(done.statusCode, 200)
      const second = await shop.gift('mina', { email: 'Finn@Example.net' })
      await deliver()
      assert.deepEqual(await outboxKeys(second.id), [])
      assert.equal(mailsTo('finn@example.net').length, 1)

      const byPhone = await shop.gift('mina', { phone: '010-7777-8888' })
      await deliver()
      const [text] = sms.filter((m) => m.to === '010-7777-8888')
      assert.ok(text)
      assert.equal(text.message_type, 'gifts')
      assert.match(
        text.text,
        /^\[Maru Store\] Mina sent you a gift: ₩5,000 off\. Claim it by .+: https:\/\/maru\.example\/g\/[\w-]{43}/,
      )
      assert.doesNotMatch(text.text, /광고/, 'not marketing: no ad prefix')
      assert.deepEqual(await outboxKeys(byPhone.id), [`gift:${byPhone.id}:sent:receiver`])
    })

    it('the ledger adds up', async () => {
      assert.deepEqual((await shop.reel.coupons.audit()).violations, [])
    })
  })
}

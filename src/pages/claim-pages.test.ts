import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { countCustomers, getCustomer } from '../profiles/index.js'
import { engines } from '../test-support/engines.js'
import { MEMBERS, openTestShop, type TestShop } from './test-support.js'

const PREVIEW_BOTS = [
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'kakaotalk-scrap/1.0; +https://devtalk.kakao.com/',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
]

for (const engine of engines) {
  describe(`claim pages (${engine.name})`, { skip: engine.skip }, () => {
    let shop: TestShop
    const page = (method: 'GET' | 'HEAD' | 'POST', url: string, form?: Record<string, string>, lang = 'en') =>
      shop.app.inject({
        method,
        url,
        headers: {
          'accept-language': lang,
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
      })

    before(async () => {
      shop = await openTestShop(engine)
    })
    after(() => shop.close())

    it('looking at a claim link, as a person or a link preview, changes nothing', async () => {
      const gift = await shop.gift('mina', { link: true }, '<script>alert(1)</script> 생일 축하해!')
      const ledger = await shop.reel.coupons.ledger(gift.couponId)
      const people = await countCustomers(shop.reel.database.db)
      for (const agent of PREVIEW_BOTS) {
        for (const method of ['GET', 'HEAD'] as const) {
          const res = await shop.app.inject({
            method,
            url: `/g/${gift.token}`,
            headers: { 'user-agent': agent },
          })
          assert.equal(res.statusCode, 200, agent)
        }
      }
      const seen = await page('GET', `/g/${gift.token}`)
      assert.match(seen.headers['content-type'] as string, /^text\/html/)
      assert.match(seen.body, /<h1>Mina Kim sent you a gift from Maru Store<\/h1>/)
      assert.match(seen.body, /₩5,000 off/)
      assert.match(seen.body, /On orders of ₩20,000 or more/)
      assert.match(seen.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; 생일 축하해!/)
      assert.doesNotMatch(seen.body, /<script/i, 'the message is shown, never run')
      assert.ok(
        !seen.body.includes((await shop.reel.coupons.getCoupon(gift.couponId))?.code ?? '?'),
        'no code',
      )
      assert.match(seen.body, /<form method="post" action="\/g\/[\w-]{43}\/claim">/)
      assert.equal((await shop.reel.coupons.offerByToken(gift.token))?.gift.state, 'pending')
      assert.deepEqual(await shop.reel.coupons.ledger(gift.couponId), ledger)
      assert.deepEqual(await countCustomers(shop.reel.database.db), people)
    })

    it('speaks Korean to Korean browsers, and guards the token in the URL', async () => {
      const gift = await shop.gift('mina', { link: true })
      const res = await page('GET', `/g/${gift.token}`, undefined, 'ko-KR,ko;q=0.9,en-US;q=0.8')
      assert.match(res.body, /<html lang="ko">/)
      assert.match(res.body, /<h1>Mina Kim님이 Maru Store 쿠폰을 선물했어요<\/h1>/)
      assert.match(res.body, /5,000원 할인/)
      assert.match(res.body, /20,000원 이상 구매 시/)
      assert.match(res.body, />받기</)
      assert.equal(res.headers['cache-control'], 'no-store')
      assert.equal(res.headers['referrer-policy'], 'no-referrer')
      assert.match(res.headers['x-robots-tag'] as string, /noindex/)
      assert.equal(res.headers['x-frame-options'], 'DENY')
      const csp = res.headers['content-security-policy'] as string
      assert.match(csp, /default-src 'none'/)
      assert.match(csp, /style-src 'sha256-[\w+/=]+'/)
      assert.doesNotMatch(csp, /unsafe-inline|script-src/)
    })

    it("a gift page names the shop and calls the coupon a gift, never by its first owner's wording", async () => {
      const apology = await shop.reel.coupons.createTemplate({
        name: 'Sorry it was late',
        kind: 'apology',
        discount: { type: 'amount', amount: 3000, currency: 'KRW' },
        minOrder: 0,
        validDays: 30,
        validUntil: null,
        giftable: true,
        maxGiftHops: 1,
        releaseOnCancel: false,
        autoIssue: null,
        issueDaysBefore: 0,
      })
      const [coupon] = await shop.reel.coupons.issue({ templateId: apology.id, customerIds: ['mina'] })
      assert.ok(coupon)
      const gift = await shop.reel.coupons.gift({ couponId: coupon.id, giverId: 'mina', to: { link: true } })
      const token = gift.claimUrl?.split('/g/')[1] ?? ''
      const en = await page('GET', `/g/${token}`)
      assert.match(en.body, /<title>A gift for you from Maru Store<\/title>/)
      assert.match(en.body, /<h1>Mina Kim sent you a gift from Maru Store<\/h1>/)
      assert.match(en.body, /<div class="kind">Gift coupon<\/div>/)
      assert.match(en.body, /<meta property="og:description" content="₩3,000 off · Gift coupon">/)
      assert.doesNotMatch(en.body, /apolog/i)
      const ko = await page('GET', `/g/${token}`, undefined, 'ko')
      assert.match(ko.body, /<title>Maru Store에서 선물이 도착했어요<\/title>/)
      assert.match(ko.body, /<div class="kind">선물 쿠폰<\/div>/)
      assert.doesNotMatch(ko.body, /사과/)
      // Claimed, it is still the friend's gift coupon.
      const claimed = await page('POST', `/g/${token}/claim`, { email: 'gia@example.net', name: 'Gia' })
      assert.match(claimed.body, /<div class="kind">Gift coupon<\/div>/)
    })

    it("a gift for a member speaks their profile's language and shows their clock, whatever the browser", async () => {
      // 2026-05-01 09:00 UTC + 7 days to claim: 18:00 in Seoul, 10:00 in London.
      const forSora = await shop.gift('mina', { email: MEMBERS.sora.email })
      const sora = await page('GET', `/g/${forSora.token}`, undefined, 'en-US,en;q=0.9')
      assert.match(sora.body, /<html lang="ko">/)
      assert.match(sora.body, /<h1>Mina Kim님이 Maru Store 쿠폰을 선물했어요<\/h1>/)
      // No time zone of her own: the shop's, named.
      assert.match(sora.body, /2026년 5월 8일 18:00 GMT\+9까지 받아 주세요/)
      const forLee = await shop.gift('mina', { email: MEMBERS.lee.email })
      const lee = await page('GET', `/g/${forLee.token}`, undefined, 'ko-KR')
      assert.match(lee.body, /<html lang="en">/)
      // His own zone: London's clock, and no zone name to puzzle over.
      assert.match(lee.body, /Claim by May 8, 2026\D+10:00\sAM</)
      // A link for no one in particular: the browser's language, the shop's clock, named.
      const link = await shop.gift('mina', { link: true })
      const stranger = await page('GET', `/g/${link.token}`, undefined, 'en')
      assert.match(stranger.body, /Claim by May 8, 2026\D+6:00\sPM GMT\+9</)
      const declined = await page('POST', `/g/${forSora.token}/decline`, {}, 'en')
      assert.match(declined.body, /<html lang="ko">/)
    })

    it('a friend claims through the form, sees the code once joined; a double submit joins them once', async () => {
      const gift = await shop.gift('mina', { link: true })
      const people = await countCustomers(shop.reel.database.db)
      const bad = await page('POST', `/g/${gift.token}/claim`, { email: 'not-an-email', name: 'Dana <b>' })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /Enter an e-mail address/)
      assert.match(bad.body, /value="not-an-email"/)
      assert.match(bad.body, /value="Dana &lt;b&gt;"/, 'what was typed stays, escaped')
      const noName = await page('POST', `/g/${gift.token}/claim`, { email: 'dana@example.net', name: ' ' })
      assert.match(noName.body, /Enter your name/)

      const form = { email: 'dana@example.net', name: 'Dana', phone: '' }
      const [first, second] = await Promise.all([
        page('POST', `/g/${gift.token}/claim`, form),
        page('POST', `/g/${gift.token}/claim`, form),
      ])
      const coupon = await shop.reel.coupons.getCoupon(gift.couponId)
      assert.ok(coupon)
      for (const res of [first, second]) {
        assert.equal(res.statusCode, 200, res.body)
        assert.match(res.body, new RegExp(`id="coupon-code">${coupon.code}<`))
      }
      const walletLinks = [first, second].filter((r) => /href="[^"]*\/w\/cwt_[\w-]+"/.test(r.body))
      assert.equal(walletLinks.length, 1, 'the wallet link is shown once, to the first answer')
      const again = await page('POST', `/g/${gift.token}/claim`, form)
      assert.match(again.body, /You already claimed this gift/)
      assert.deepEqual(await countCustomers(shop.reel.database.db), {
        customers: people.customers + 1,
        members: people.members + 1,
      })
      const friend = await getCustomer(shop.reel.database.db, coupon.ownerId)
      assert.deepEqual([friend?.email, friend?.is_member], ['dana@example.net', true])
      const claimed = await page('GET', `/g/${gift.token}`)
      assert.equal(claimed.statusCode, 410)
      assert.match(claimed.body, /already been claimed/)
      const stranger = await page('POST', `/g/${gift.token}/claim`, { email: 'eve@example.net', name: 'Eve' })
      assert.equal(stranger.statusCode, 410)
      assert.ok(!stranger.body.includes(coupon.code))
    })

    it('a NUL or a lone surrogate in a field is a 400 that names it, and the gift stays claimable', async () => {
      const gift = await shop.gift('mina', { link: true })
      const ledger = await shop.reel.coupons.ledger(gift.couponId)
      const people = await countCustomers(shop.reel.database.db)
      const nul = await page('POST', `/g/${gift.token}/claim`, {
        email: 'dana@example.net',
        name: 'Da\u0000na',
      })
      assert.equal(nul.statusCode, 400)
      assert.match(nul.body, /<p class="field-error" id="name-error">[^<]*character/)
      assert.ok(!nul.body.includes('\u0000'), 'the page does not echo the NUL')
      assert.match(nul.body, /value="Dana"/)
      const surrogate = await shop.app.inject({
        method: 'POST',
        url: `/g/${gift.token}/claim`,
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        payload: '{"email":"dana@example.net","name":"Dana","phone":"010\\ud800"}',
      })
      assert.equal(surrogate.statusCode, 400)
      assert.match(surrogate.body, /<p class="field-error" id="phone-error">[^<]*character/)
      assert.equal((await shop.reel.coupons.offerByToken(gift.token))?.gift.state, 'pending')
      assert.deepEqual(await shop.reel.coupons.ledger(gift.couponId), ledger)
      assert.deepEqual(await countCustomers(shop.reel.database.db), people)
      assert.equal((await page('GET', `/g/${gift.token}`)).statusCode, 200)
      const claimed = await page('POST', `/g/${gift.token}/claim`, {
        email: 'dana2@example.net',
        name: 'Dana',
      })
      assert.equal(claimed.statusCode, 200)
    })

    it('when the sign-up cannot be stored, the claim is not made either: the gift stays pending and claimable', async () => {
      const gift = await shop.gift('mina', { link: true })
      const db = shop.reel.database.db
      const ledger = await shop.reel.coupons.ledger(gift.couponId)
      const people = await countCustomers(db)
      // The event log refuses this gift's sign-up, as a full disk or a lost connection would.
      await sql`
        create function refuse_sign_up() returns trigger language plpgsql as $$
        begin
          if new.event = 'Signed Up' then raise exception 'the event log is unavailable'; end if;
          return new;
        end $$`.execute(db)
      await sql`create trigger refuse_sign_up before insert on events for each row execute function refuse_sign_up()`.execute(
        db,
      )
      const form = { email: 'erin@example.net', name: 'Erin' }
      try {
        const failed = await page('POST', `/g/${gift.token}/claim`, form)
        assert.equal(failed.statusCode, 500)
        assert.match(failed.body, /Something went wrong/)
      } finally {
        await sql`drop trigger refuse_sign_up on events`.execute(db)
        await sql`drop function refuse_sign_up()`.execute(db)
      }
      const offer = await shop.reel.coupons.offerByToken(gift.token)
      assert.deepEqual([offer?.gift.state, offer?.coupon.ownerId], ['pending', 'mina'])
      assert.deepEqual(await shop.reel.coupons.ledger(gift.couponId), ledger, 'no claim in the ledger')
      assert.deepEqual(await countCustomers(db), people, 'nobody joined')
      const notices = async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from outbox_messages
            where idempotency_key = ${`gift:${gift.id}:claimed:giver`}`.execute(db)
        ).rows[0]?.n
      assert.equal(await notices(), 0, 'the giver is not told of a claim that did not happen')
      assert.equal((await page('GET', `/g/${gift.token}`)).statusCode, 200, 'the link still works')
      const retried = await page('POST', `/g/${gift.token}/claim`, form)
      assert.equal(retried.statusCode, 200)
      const coupon = await shop.reel.coupons.getCoupon(gift.couponId)
      assert.match(retried.body, new RegExp(`id="coupon-code">${coupon?.code}<`))
      const friend = await getCustomer(db, coupon?.ownerId ?? '')
      assert.deepEqual([friend?.email, friend?.is_member], ['erin@example.net', true])
      assert.equal(await notices(), 1)
      assert.deepEqual((await shop.reel.coupons.audit()).violations, [])
    })

    it("an existing member's claim goes to their wallet, and the public page shows neither code nor wallet", async () => {
      const gift = await shop.gift('mina', { link: true })
      const res = await page('POST', `/g/${gift.token}/claim`, { email: 'JOON@example.kr', name: 'whoever' })
      assert.equal(res.statusCode, 200)
      const coupon = await shop.reel.coupons.getCoupon(gift.couponId)
      assert.equal(coupon?.ownerId, 'joon')
      assert.ok(!res.body.includes(coupon?.code ?? '?'))
      assert.doesNotMatch(res.body, /\/w\//)
      assert.match(res.body, /wallet of the account with JOON@example\.kr/)
      const own = await shop.gift('mina', { link: true })
      const self = await page('POST', `/g/${own.token}/claim`, { email: MEMBERS.mina.email, name: 'Mina' })
      assert.equal(self.statusCode, 409)
      assert.match(self.body, /cannot claim it themselves/)
      const forJoon = await shop.gift('mina', { email: MEMBERS.joon.email })
      const other = await page('POST', `/g/${forJoon.token}/claim`, { email: 'eve@example.net', name: 'Eve' })
      assert.equal(other.statusCode, 409)
      assert.match(other.body, /sent to a member with another e-mail/)
      assert.match(other.body, /value="eve@example\.net"/)
    })

    it('"No thanks" sends the coupon back; unknown links are 404 pages', async () => {
      const gift = await shop.gift('mina', { link: true })
      const res = await page('POST', `/g/${gift.token}/decline`, {})
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /went back to Mina Kim/)
      const coupon = await shop.reel.coupons.getCoupon(gift.couponId)
      assert.deepEqual([coupon?.state, coupon?.ownerId], ['issued', 'mina'])
      const gone = await page('GET', `/g/${gift.token}`, undefined, 'ko')
      assert.equal(gone.statusCode, 410)
      assert.match(gone.body, /거절된 선물이에요/)
      assert.equal((await page('POST', `/g/${gift.token}/decline`, {})).statusCode, 410)
      const unknown = 'A'.repeat(43)
      for (const res of [
        await page('GET', `/g/${unknown}`),
        await page('POST', `/g/${unknown}/claim`, { email: 'a@b.co', name: 'A' }),
        await page('POST', `/g/${unknown}/decline`, {}),
      ]) {
        assert.equal(res.statusCode, 404)
        assert.match(res.body, /There is no gift behind this link/)
        assert.equal(res.headers['cache-control'], 'no-store')
      }
    })

    it('the ledger adds up', async () => {
      assert.deepEqual((await shop.reel.coupons.audit()).violations, [])
    })
  })
}

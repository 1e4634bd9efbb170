/**
 * The gift flows in a real browser (headless Chromium, no scripts on the pages): a member gives a coupon
 * to another member, who accepts it on their wallet page; and a member shares a link that a friend opens,
 * claims, and so joins the shop.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'
import { getCustomer } from '../profiles/index.js'
import { engines } from '../test-support/engines.js'
import { MEMBERS, openTestShop, type TestShop } from './test-support.js'

const CHROMIUM = '/usr/bin/chromium'
const noBrowser =
  existsSync(CHROMIUM) || process.env.CI === 'true'
    ? false
    : `no ${CHROMIUM}: install Debian's chromium (sudo apt-get install chromium) to run the browser tests`

/** What an element says, spaces and line breaks folded to one space. */
async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim()
}

describe('gift flows in Chromium', { skip: noBrowser }, () => {
  let browser: Browser
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })
  })
  after(() => browser?.close())

  /** A browser of its own (no shared cookies or cache), failing the test on any console error (a CSP refusal). */
  async function visitor(locale: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale })
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    return { context, page, errors }
  }

  for (const engine of engines) {
    describe(engine.name, { skip: engine.skip }, () => {
      let shop: TestShop
      let base: string
      before(async () => {
        shop = await openTestShop(engine)
        await shop.app.listen({ port: 0, host: '127.0.0.1' })
        base = `http://127.0.0.1:${(shop.app.server.address() as AddressInfo).port}`
      })
      after(() => shop.close())

      it('a member gives a coupon to another member by e-mail, who accepts it on their wallet page', async () => {
        const coupon = await shop.issue('mina')
        const mina = await visitor('en-US')
        await mina.page.goto(`${base}/w/${await shop.walletToken('mina')}`)
        assert.equal(
          await mina.page.evaluate('getComputedStyle(document.body).backgroundColor'),
          'rgb(246, 245, 242)',
          'the inline style sheet is allowed by its hash',
        )
        const owned = mina.page.locator(`section[data-coupon="${coupon.id}"]`)
        await owned.getByText('Give it to a friend').click()
        await owned.getByLabel('Their e-mail or phone number').fill(MEMBERS.joon.email)
        await owned.getByLabel('A message (optional)').fill('생일 축하해!')
        await owned.getByRole('button', { name: 'Send the gift' }).click()
        await mina.page.waitForURL(/notice=gift-sent/)
        await mina.page.getByText('Your gift is on its way.').waitFor()
        assert.match(await text(mina.page.locator('section.sent').first()), /To joon@example\.kr · Waiting/)

        const joon = await visitor('ko-KR')
        await joon.page.goto(`${base}/w/${await shop.walletToken('joon')}`)
        const incoming = joon.page.locator('section.incoming')
        assert.match(await text(incoming), /Mina Kim님이 보냄[\s\S]*생일 축하해![\s\S]*5,000원 할인/)
        await incoming.getByRole('button', { name: '받기' }).click()
        await joon.page.waitForURL(/notice=gift-accepted/)
        await joon.page.getByText('쿠폰을 받았어요.').waitFor()
        const received = await shop.reel.coupons.getCoupon(coupon.id)
        assert.ok(received && received.code !== coupon.code, 'the receiver gets a code the giver never saw')
        assert.match(
          await text(joon.page.locator(`section[data-coupon="${coupon.id}"]`)),
          new RegExp(received.code),
        )
        assert.equal(await joon.page.locator('section.incoming').count(), 0)

        await mina.page.reload()
        assert.equal(await mina.page.locator(`section[data-coupon="${coupon.id}"]`).count(), 0)
        assert.match(await text(mina.page.locator('section.sent').first()), /Claimed/)
        assert.equal((await shop.reel.coupons.getCoupon(coupon.id))?.ownerId, 'joon')
        assert.deepEqual([...mina.errors, ...joon.errors], [])
        await Promise.all([mina.context.close(), joon.context.close()])
      })

      it("a Korean member opens a gift from an English browser: their language, the shop's name, their clock", async () => {
        const gift = await shop.gift('mina', { email: MEMBERS.sora.email })
        const sora = await visitor('en-US')
        await sora.page.goto(`${base}/g/${gift.token}`)
        assert.equal(await sora.page.getAttribute('html', 'lang'), 'ko')
        assert.equal(await sora.page.title(), 'Maru Store에서 선물이 도착했어요')
        await sora.page.getByRole('heading', { name: 'Mina Kim님이 Maru Store 쿠폰을 선물했어요' }).waitFor()
        assert.equal(await text(sora.page.locator('.coupon .kind')), '선물 쿠폰')
        // Claimable for 7 days from 09:00 UTC: 18:00 on Seoul's clocks, the shop's zone, named.
        assert.match(await text(sora.page.locator('main')), /2026년 5월 8일 18:00 GMT\+9까지 받아 주세요/)
        // Hangul is drawn with a font that has it: a syllable is as wide as the em, not a narrow fallback box.
        const width = await sora.page.evaluate(`(() => {
          const probe = document.createElement('span')
          probe.style.fontSize = '40px'
          probe.textContent = '선물'
          document.body.append(probe)
          return probe.getBoundingClientRect().width
        })()`)
        // (A font without Hangul draws each as a 24px box.)
        assert.ok(
          typeof width === 'number' && width >= 70 && width <= 90,
          `two Hangul syllables at 40px are ${width}px wide`,
        )
        assert.deepEqual(sora.errors, [])
        await sora.context.close()
      })

      it('a friend opens a shared link, claims the coupon and joins the shop', async () => {
        const coupon = await shop.issue('mina')
        const mina = await visitor('en-US')
        await mina.page.goto(`${base}/w/${await shop.walletToken('mina')}`)
        const owned = mina.page.locator(`section[data-coupon="${coupon.id}"]`)
        await owned.getByText('Give it to a friend').click()
        await owned.getByRole('button', { name: 'Create a link to share' }).click()
        await mina.page.waitForURL(/notice=link-created/)
        const shared = await text(mina.page.locator('#new-claim-link'))
        const token = shared.split('/g/')[1] ?? ''
        assert.match(token, /^[\w-]{43}$/)

        // A chat app unfurls the link before anyone clicks: nothing moves.
        const ledger = await shop.reel.coupons.ledger(coupon.id)
        const preview = await fetch(`${base}/g/${token}`, {
          headers: { 'user-agent': 'kakaotalk-scrap/1.0' },
        })
        assert.equal(preview.status, 200)
        assert.match(
          await preview.text(),
          /<meta property="og:title" content="Mina Kim sent you a gift from Maru Store">/,
        )
        assert.deepEqual(await shop.reel.coupons.ledger(coupon.id), ledger)

        const friend = await visitor('en-GB')
        await friend.page.goto(`${base}/g/${token}`)
        await friend.page.getByRole('heading', { name: 'Mina Kim sent you a gift from Maru Store' }).waitFor()
        assert.match(await text(friend.page.locator('.coupon')), /₩5,000 off/)
        await friend.page.getByLabel('E-mail').fill('dana@example.net')
        await friend.page.getByLabel('Name', { exact: true }).fill('Dana Choi')
        await friend.page.getByRole('button', { name: 'Claim' }).click()
        const shown = await text(friend.page.locator('#coupon-code'))
        assert.equal(shown, (await shop.reel.coupons.getCoupon(coupon.id))?.code)
        assert.notEqual(shown, coupon.code, 'the friend gets a code the giver never saw')
        const walletHref = await friend.page
          .getByRole('link', { name: 'Open your coupon wallet' })
          .getAttribute('href')
        assert.match(walletHref ?? '', /\/w\/cwt_[\w-]+$/)

        const claimed = await shop.reel.coupons.getCoupon(coupon.id)
        assert.ok(claimed && claimed.ownerId !== 'mina')
        const newcomer = await getCustomer(shop.reel.database.db, claimed.ownerId)
        assert.deepEqual([newcomer?.is_member, newcomer?.email], [true, 'dana@example.net'])
        const [gift] = await shop.reel.coupons.listGifts({ couponId: coupon.id, limit: 1 })
        assert.deepEqual(
          [gift?.state, gift?.joinedThrough, gift?.claimedBy],
          ['claimed', true, claimed.ownerId],
        )
        assert.deepEqual((await shop.reel.coupons.audit()).violations, [])

        // The wallet link opens the newcomer's wallet (served here, whatever REEL_PUBLIC_URL says).
        await friend.page.goto(`${base}${new URL(walletHref ?? '', base).pathname}`)
        await friend.page.getByText('Hello, Dana Choi').waitFor()
        assert.match(
          await text(friend.page.locator(`section[data-coupon="${coupon.id}"]`)),
          new RegExp(shown),
        )
        assert.deepEqual([...mina.errors, ...friend.errors], [])
        await Promise.all([mina.context.close(), friend.context.close()])
      })
    })
  }
})

/**
 * The tracking page in headless Chromium on a phone-sized screen: opened by its link, and found by order
 * number plus e-mail; the channel for order updates changed on it; a bare tracking number shows no personal
 * data. No console error (a CSP refusal of the style sheet or an image). With REEL_SCREENSHOTS=DIR (npm run
 * docs:screenshots) the screenshots go there.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type Browser, chromium, type Page } from 'playwright-core'
import { CHROMIUM, noBrowser } from '../test-support/dashboard.js'
import { engines } from '../test-support/engines.js'
import { openTrackingShop, type TrackingShop } from './tracking-shop.js'

const SCREENSHOTS = process.env.REEL_SCREENSHOTS ?? join(tmpdir(), 'reel-tracking-screenshots')

describe('the tracking page in Chromium', { skip: noBrowser }, () => {
  let browser: Browser
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })
    mkdirSync(SCREENSHOTS, { recursive: true })
  })
  after(() => browser?.close())

  async function phone(locale: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      locale,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
    })
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    return { page, errors }
  }

  const engine = engines[0]!
  let shop: TrackingShop
  let base: string
  before(async () => {
    shop = await openTrackingShop(engine)
    await shop.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(shop.app.server.address() as AddressInfo).port}`
  })
  after(() => shop?.close())

  it('by its link: the promise, the timeline, the items with images and the recommendation board', async () => {
    const { page, errors } = await phone('en-US')
    await page.goto(`${base}${shop.trackingPath}`)
    assert.equal(await page.locator('h1').textContent(), 'Your order is on its way')
    assert.match((await page.locator('#promise').textContent()) ?? '', /^Expected /)
    const pictures = page.locator('#board img')
    assert.ok((await pictures.count()) >= 2, 'the board shows products with their pictures')
    const loaded = await pictures
      .first()
      .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)
    assert.ok(loaded > 0, 'the board pictures load under the page CSP')
    await page.screenshot({ path: join(SCREENSHOTS, 'tracking-phone.png'), fullPage: true })
    assert.deepEqual(errors, [])
  })

  it('found by order number and e-mail, then the channel for order updates changed to SMS', async () => {
    const { page, errors } = await phone('en-US')
    await page.goto(`${base}/t`)
    await page.getByLabel('Order').fill('MY-1042')
    await page.getByLabel('E-mail address').fill('mina@example.kr')
    await page.getByRole('button', { name: 'Track' }).first().click()
    await page.waitForURL(/\/t\/trk_/)
    await page.getByLabel('Text message (SMS)').check()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved: order updates now go by Text message (SMS).').waitFor()
    assert.equal(await shop.reel.shipping.chosenChannel('mina'), 'sms')
    await page.screenshot({ path: join(SCREENSHOTS, 'tracking-lookup-phone.png') })
    assert.deepEqual(errors, [])
  })

  it('a bare tracking number, in Korean: the status only', async () => {
    const { page, errors } = await phone('ko-KR')
    await page.goto(`${base}/t?tracking=6894412230`)
    const status = (await page.locator('#tracking-status').textContent()) ?? ''
    assert.match(status, /배송 중/)
    assert.doesNotMatch(await page.content(), /Mina|Seoul hub|Cork|MY-1042/)
    await page.screenshot({ path: join(SCREENSHOTS, 'tracking-status-ko.png') })
    assert.deepEqual(errors, [])
  })
})

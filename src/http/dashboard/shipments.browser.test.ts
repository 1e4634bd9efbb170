/**
 * The Shipments page in Chromium over a served demo shop: the status board, the delays now, promise vs
 * actual and the where-is-my-order figure (the demo's shipments carry a holdout, so the figure has both
 * arms); filtering the recent shipments by status. Sound: no console error, no serious axe violation, every
 * control reachable by keyboard. Screenshots with REEL_SCREENSHOTS.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import {
  assertSound,
  type DemoDashboard,
  goTo,
  launchChromium,
  noBrowser,
  openPage,
  serveDemoDashboard,
  shoot,
  signIn,
  USERS,
} from '../../test-support/dashboard.js'

describe('the Shipments page', { skip: noBrowser }, () => {
  let browser: Browser
  let shop: DemoDashboard
  before(async () => {
    browser = await launchChromium()
    shop = await serveDemoDashboard()
  })
  after(async () => {
    await browser?.close()
    await shop?.stop()
  })

  it('shows the board, the promises kept and the where-is-my-order figure of the demo shop', async () => {
    const { page, errors } = await openPage(browser, shop.url)
    await signIn(page, shop.url, USERS.viewer)
    await goTo(page, '/shipments', 'Shipments')
    const board = page.locator('section', { has: page.getByRole('heading', { name: 'Status board' }) })
    await board.getByText('Delivered', { exact: true }).waitFor()
    const delivered = await board.locator('.figure', { hasText: 'Delivered' }).locator('dd').textContent()
    assert.ok(Number((delivered ?? '0').replace(/\D/g, '')) > 50, `delivered: ${delivered}`)
    const wismo = page.locator('#wismo-difference')
    await wismo.waitFor()
    assert.ok(((await wismo.textContent()) ?? '').length > 10)
    const weeks = page
      .locator('section', { has: page.getByRole('heading', { name: /Where-is-my-order/ }) })
      .locator('tbody tr')
    assert.ok((await weeks.count()) > 4, 'a row per week of the demo')
    await shoot(page, 'shipments')
    const recent = page.locator('section', { has: page.getByRole('heading', { name: 'Recent shipments' }) })
    await recent.getByLabel('Status').selectOption('delivered')
    // The table keeps the last page until the filtered one comes: read it until it has come.
    const cells = recent.locator('tbody tr td:nth-child(4)')
    let statuses: string[] = []
    for (let tries = 0; tries < 100; tries++) {
      statuses = await cells.allTextContents()
      if (statuses.length > 0 && statuses.every((s) => s === 'Delivered')) break
      await page.waitForTimeout(100)
    }
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'Delivered'), statuses.join(', '))
    await assertSound(page, errors)
  })
})

/**
 * The Outbox and Settings pages in Chromium over a served demo shop whose e-mail provider is a closed local
 * port (one try each): an admin's test e-mail dies and the page says so, a marketer retries it from the
 * Dead filter, an admin makes a write key (shown once), sends an event with it, revokes it, and adds and
 * removes a user; a viewer sees neither keys nor users, and no retry.
 */
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
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
  type TestUser,
  USERS,
} from '../../test-support/dashboard.js'
import { basicAuth } from '../../test-support/engines.js'
import { freePort } from '../../test-support/server-process.js'

describe('the Outbox and Settings pages', { skip: noBrowser }, () => {
  let browser: Browser
  let shop: DemoDashboard
  before(async () => {
    browser = await launchChromium()
    // Nothing listens on the port: every e-mail fails on its one try and is dead.
    shop = await serveDemoDashboard({
      REEL_SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      REEL_OUTBOX_MAX_ATTEMPTS: '1',
      REEL_SEND_TIMEOUT_MS: '5000',
    })
  })
  after(async () => {
    await browser?.close()
    await shop?.stop()
  })

  /** A browser of its own, signed in as `user`, on `path`. */
  async function openAs(user: TestUser, path: string, heading: string) {
    const opened = await openPage(browser, shop.url)
    await signIn(opened.page, shop.url, user)
    await goTo(opened.page, path, heading)
    return opened
  }

  const track = (key: string) =>
    fetch(`${shop.url}/v1/track`, {
      method: 'POST',
      headers: { authorization: basicAuth(key), 'content-type': 'application/json' },
      body: JSON.stringify({ anonymousId: 'key-check', event: 'Key Checked' }),
    })

  it('an admin’s test e-mail to a dead provider is reported not sent, with the error', async () => {
    const { page, errors, context } = await openAs(USERS.admin, '/outbox', 'Outbox')
    const form = page.locator('form', { has: page.getByLabel('E-mail: send to') })
    await form.getByLabel('E-mail: send to').fill('ops@example.kr')
    await form.getByRole('button', { name: 'Send test' }).click()
    const said = form.getByRole('status')
    await said
      .filter({ hasText: /Not sent: the provider refused message \d+ \(.+\); no more tries\./ })
      .waitFor()
    assert.doesNotMatch((await said.textContent()) ?? '', /^Sent/)
    const table = page.getByRole('table').last()
    await table.getByRole('rowheader', { name: /Test message ops@example\.kr/ }).waitFor()
    await shoot(page, 'outbox')
    await assertSound(page, errors)
    await context.close()
  })

  it('a marketer filters the dead messages and puts one back: its row turns pending', async () => {
    const { page, errors, context } = await openAs(USERS.marketer, '/outbox', 'Outbox')
    assert.equal(await page.getByRole('button', { name: 'Send test' }).count(), 0, 'admins only')
    await page.getByLabel('State').selectOption('dead')
    const retry = page.getByRole('button', { name: /^Retry message \d+$/ }).first()
    const name = (await retry.getAttribute('aria-label')) ?? ''
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name }) })
    await row.getByRole('cell', { name: 'Dead (no more tries)' }).waitFor()
    await retry.click()
    const id = name.replace('Retry message ', '')
    await page
      .getByRole('status')
      .filter({ hasText: `Message ${id} is pending again` })
      .waitFor()
    const retried = page.getByRole('row').filter({ hasText: 'Pending' })
    await retried.filter({ hasText: 'ops@example.kr' }).waitFor()
    assert.equal(await page.getByRole('button', { name }).count(), 0, 'a pending row has no Retry')
    await assertSound(page, errors)
    await context.close()
  })

  it('an admin makes a write key shown once, sends an event with it, revokes it; adds and removes a user', async () => {
    const { page, errors, context } = await openAs(USERS.admin, '/settings', 'Settings')
    await page.getByLabel(/New key’s name/).fill('Checkout site')
    await page.getByRole('button', { name: 'Create key' }).click()
    const shown = page.locator('.settings-key')
    await shown.waitFor()
    const key = (await shown.textContent()) ?? ''
    assert.match(key, /^\S{16,}$/)
    assert.ok((await page.locator('pre').textContent())?.includes(`curl -u ${key}: ${shop.url}/v1/track`))
    assert.equal((await track(key)).status, 200, 'the new key is accepted')
    await page.getByRole('button', { name: 'Done' }).click()
    await shown.waitFor({ state: 'detached' })
    await page.getByRole('rowheader', { name: 'Checkout site' }).waitFor()
    assert.ok(!(await page.content()).includes(key), 'once dismissed, the key is shown nowhere')

    await page.getByRole('button', { name: 'Revoke the key “Checkout site”' }).click()
    await page.getByRole('button', { name: 'Yes, revoke' }).click()
    await page.getByRole('status').filter({ hasText: '“Checkout site” is revoked' }).waitFor()
    assert.equal((await track(key)).status, 401, 'the revoked key is refused')

    await page.getByLabel('E-mail', { exact: true }).fill('new-viewer@example.kr')
    await page.getByLabel('Role', { exact: true }).selectOption('viewer')
    await page.getByLabel(/^Password/).fill('a viewer password')
    await page.getByRole('button', { name: 'Add user' }).click()
    await page.getByRole('rowheader', { name: 'new-viewer@example.kr' }).waitFor()
    await page.getByRole('button', { name: 'Remove new-viewer@example.kr' }).click()
    await page.getByRole('button', { name: 'Yes, remove' }).click()
    await page.getByRole('status').filter({ hasText: 'new-viewer@example.kr is removed' }).waitFor()
    // The status comes with the server's answer; the list drops the row when it has read the users again.
    await page.getByRole('rowheader', { name: 'new-viewer@example.kr' }).waitFor({ state: 'detached' })
    await shoot(page, 'settings')
    await assertSound(page, errors)
    await context.close()
  })

  it('an admin connects a Shopify shop: the URL to paste, the topics, and its deliveries by topic', async () => {
    const { page, errors, context } = await openAs(USERS.admin, '/settings', 'Settings')
    const shopify = page.getByRole('region', { name: 'Shopify' })
    await shopify.locator('.settings-url').filter({ hasText: '/v1/connectors/shopify' }).waitFor()
    await shopify.getByText('orders/cancelled', { exact: true }).waitFor()
    await shopify.getByLabel('Shop', { exact: true }).fill('Demo-Shop.myshopify.com')
    await shopify.getByLabel('Webhook secret').fill('shpss_dashboard_secret')
    await shopify.getByRole('button', { name: 'Connect shop' }).click()
    await shopify.getByRole('status').filter({ hasText: 'demo-shop.myshopify.com is connected' }).waitFor()
    await shopify.getByText(/^demo-shop\.myshopify\.com \(Added/).waitFor()

    const body = JSON.stringify({ id: 42, email: 'new@example.kr', updated_at: '2026-11-20T10:00:00Z' })
    const delivered = await fetch(`${shop.url}/v1/connectors/shopify`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'customers/create',
        'x-shopify-shop-domain': 'demo-shop.myshopify.com',
        'x-shopify-hmac-sha256': createHmac('sha256', 'shpss_dashboard_secret').update(body).digest('base64'),
      },
    })
    assert.equal(delivered.status, 200, await delivered.text())
    await page.reload()
    await page
      .getByRole('region', { name: 'Shopify' })
      .getByRole('rowheader', { name: 'customers/create' })
      .waitFor()
    await shoot(page, 'settings-connectors')
    await assertSound(page, errors)
    await context.close()
  })

  it('a viewer sees the settings and the outbox, without key, user or retry controls', async () => {
    const { page, errors, context } = await openAs(USERS.viewer, '/settings', 'Settings')
    await page.getByRole('heading', { name: 'Consent and messaging policy' }).waitFor()
    // Write keys are credentials and users the admins' business: neither is shown, nor asked for.
    for (const heading of ['Write keys', 'Users'])
      assert.equal(await page.getByRole('heading', { name: heading }).count(), 0, heading)
    await page.getByRole('heading', { name: 'Shop connectors' }).waitFor()
    for (const control of ['Create key', 'Revoke', 'Add user', 'Connect shop'])
      assert.equal(await page.getByRole('button', { name: control }).count(), 0, control)
    await assertSound(page, errors)
    await goTo(page, '/outbox', 'Outbox')
    await page.getByRole('heading', { name: 'Messages' }).waitFor()
    await page.getByRole('table').last().waitFor()
    assert.equal(await page.getByRole('button', { name: /^Retry/ }).count(), 0)
    await assertSound(page, errors)
    await context.close()
  })
})

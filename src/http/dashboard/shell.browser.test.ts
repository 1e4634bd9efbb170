/**
 * The dashboard's frame in Chromium: a signed-out browser reaches no page and no figure, and a new shop
 * with no events is told how to start (a demo shop, or its first event with its write key, which works).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import { runCli } from '../../cli/test-support.js'
import {
  assertSound,
  launchChromium,
  noBrowser,
  openPage,
  shoot,
  signIn,
  USERS,
} from '../../test-support/dashboard.js'
import { basicAuth, bearer, TEST_WRITE_KEY } from '../../test-support/engines.js'
import { type ServedReel, serveFresh } from '../../test-support/served-reel.js'

const PAGE_PATHS = [
  '/',
  '/radar',
  '/customers',
  '/customers/some-one',
  '/campaigns',
  '/campaigns/new',
  '/campaigns/cmp_1',
  '/coupons',
  '/outbox',
  '/settings',
]

describe('the dashboard frame in Chromium', { skip: noBrowser }, () => {
  let browser: Browser
  let reel: ServedReel
  before(async () => {
    browser = await launchChromium()
    reel = await serveFresh('embedded')
    const added = await runCli(
      ['users', 'add', USERS.admin.email, '--role', 'admin'],
      reel.env,
      `${USERS.admin.password}\n`,
    )
    assert.equal(added.code, 0, added.stderr)
  })
  after(async () => {
    await browser?.close()
    await reel?.stop()
  })

  it('a signed-out browser gets the sign-in page on every path, and the admin API answers it 401', async () => {
    const { context, page, errors } = await openPage(browser, reel.server.url)
    const answered: string[] = []
    page.on('response', (response) => {
      const url = new URL(response.url())
      if (url.pathname.startsWith('/api/') && url.pathname !== '/api/v1/session')
        answered.push(`${response.status()} ${url.pathname}`)
    })
    for (const path of PAGE_PATHS) {
      await page.goto(`${reel.server.url}${path}`)
      await page.getByRole('heading', { name: 'Sign in to Reel' }).waitFor()
      assert.equal(await page.getByRole('navigation').count(), 0, `${path} shows no navigation`)
    }
    assert.deepEqual(answered, [], 'a signed-out page asks the admin API for nothing')
    for (const path of ['/api/v1/stats', '/api/v1/shop', '/api/v1/signals', '/api/v1/write-keys']) {
      const response = await context.request.get(`${reel.server.url}${path}`)
      assert.equal(response.status(), 401, path)
    }
    await assertSound(page)
    assert.deepEqual(errors, [])
    await context.close()
  })

  it("a new shop's Overview shows how to start, and why it has no predictions; its first event sent as shown arrives", async () => {
    // A fit now, so the Overview shows a refused one (the server's own first fit may come after it is drawn).
    const fit = await fetch(`${reel.server.url}/api/v1/predictions/fit`, {
      method: 'POST',
      headers: { authorization: bearer() },
    })
    assert.equal(((await fit.json()) as { status: string }).status, 'refused')
    const { context, page, errors } = await openPage(browser, reel.server.url)
    await signIn(page, reel.server.url, USERS.admin)
    const curl = page.locator('.first-steps pre', { hasText: 'curl' })
    await curl.waitFor()
    const line = await curl.textContent()
    assert.ok(line?.includes(`-u '${TEST_WRITE_KEY}:'`), line ?? '')
    assert.ok(line?.startsWith(`curl -X POST ${reel.server.url}/v1/track `), line ?? '')
    assert.ok(await page.locator('.first-steps pre', { hasText: 'reel demo' }).isVisible())
    await page
      .getByRole('region', { name: /^Predictions/ })
      .locator('.notice', { hasText: /made no predictions: the shop has no completed order yet\.$/ })
      .waitFor()
    await shoot(page, 'overview-empty', { phone: false })
    await assertSound(page)

    // What the line sends, sent: its JSON body with the key as Basic auth.
    const body = /-d '(.*)'$/.exec(line ?? '')?.[1] ?? ''
    const sent = await fetch(`${reel.server.url}/v1/track`, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json' },
      body,
    })
    assert.equal(sent.status, 200)
    const stats = await fetch(`${reel.server.url}/api/v1/stats`, { headers: { authorization: bearer() } })
    assert.equal(((await stats.json()) as { events: number }).events, 1)
    await page.reload()
    await page.locator('.figure', { hasText: 'Events' }).getByText('1', { exact: true }).waitFor()
    assert.equal(await page.locator('.first-steps').count(), 0)
    assert.deepEqual(errors, [])
    await context.close()
  })
})

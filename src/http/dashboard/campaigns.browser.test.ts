/**
 * The Campaigns pages in Chromium over the served demo shop (src/test-support/dashboard.ts): a marketer
 * builds a campaign in the form, sees the API's refusal at the field it names, fixes it, creates, starts it
 * and watches the campaign workers' first exposures arrive on its page, then pauses it; a viewer sees no
 * button to start it and the API refuses them with 403.
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

const NAME = 'Cart nudge, written to the log'

describe('the Campaigns pages in Chromium', { skip: noBrowser }, () => {
  let browser: Browser
  let dashboard: DemoDashboard
  let campaignId = ''
  before(async () => {
    ;[browser, dashboard] = await Promise.all([
      launchChromium(),
      // Campaign rounds every second, and signals read as soon as they are raised: the first exposures
      // come within seconds of the start.
      serveDemoDashboard({ REEL_CAMPAIGNS_TICK_MS: '1000', REEL_CAMPAIGN_SIGNAL_LAG_MS: '0' }),
    ])
  })
  after(async () => {
    await browser?.close()
    await dashboard?.stop()
  })

  it('a marketer builds a campaign, is shown the refusal in place, creates, starts and pauses it', async () => {
    const { page, errors, context } = await openPage(browser, dashboard.url)
    await signIn(page, dashboard.url, USERS.marketer)
    await goTo(page, '/campaigns', 'Campaigns')
    await page.getByRole('link', { name: 'Cart reminder, with a second nudge' }).waitFor()

    await page.getByRole('link', { name: 'New campaign' }).click()
    await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor()
    await page.getByLabel('Name', { exact: true }).fill(NAME)
    await page.getByLabel('Signal', { exact: true }).selectOption('cart_abandoned')
    await page.getByLabel('Oldest trigger taken when it starts (hours)').fill('720')
    await page.getByLabel('Channel', { exact: true }).selectOption('log')
    await page.getByLabel('Template').selectOption('cart_reminder')
    await page.getByText('Written in: en, ko').waitFor()
    await page.getByLabel('In quiet hours').selectOption('skip')
    // More than the API's 0.5: the form sends it, the API refuses it, naming the field.
    await page.getByLabel('Holdout share').fill('0.9')

    // The preview, for a customer the trigger has an open signal for, in each language.
    const customer = (await page.evaluate(
      `fetch('/api/v1/signals?kind=cart_abandoned&state=open&limit=1').then((r) => r.json()).then((b) => b.signals[0].customerId)`,
    )) as string
    await page.getByLabel('For customer (id)').fill(customer)
    await page.getByRole('button', { name: 'Show preview' }).click()
    const rendered = page.getByRole('article', { name: `The message as ${customer} would get it` })
    await rendered.getByText('You left something in your cart').waitFor()
    await page.getByLabel('Language', { exact: true }).last().selectOption('ko')
    await rendered.getByText('장바구니').first().waitFor()

    await page.getByRole('button', { name: 'Create campaign' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'The campaign was not saved' })
    await summary.getByText('Holdout share').waitFor()
    const holdout = page.getByLabel('Holdout share')
    assert.equal(await holdout.getAttribute('aria-invalid'), 'true')
    const describedBy = await holdout.getAttribute('aria-describedby')
    assert.match(
      (await page.locator(`[id="${describedBy}"]`).textContent()) ?? '',
      /0\.5/,
      'the problem the API named is next to the input',
    )
    await shoot(page, 'campaign-builder')
    await assertSound(page)

    await holdout.fill('0.1')
    await page.getByRole('button', { name: 'Create campaign' }).click()
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor()
    campaignId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '')
    assert.match(campaignId, /^cmp_/)
    await page.getByText('Not started').waitFor()
    // A campaign that never ran can still be edited (PUT), through the same form filled from it.
    await page.getByRole('button', { name: 'Edit' }).click()
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), NAME)
    assert.equal(await page.getByLabel('Template').inputValue(), 'cart_reminder')
    await page.getByLabel('Goal window (days)').fill('14')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('An order within 14 days').waitFor()

    await page.getByRole('button', { name: 'Start' }).click()
    await page.getByRole('button', { name: 'Pause' }).waitFor()
    // The campaign workers expose the customers with open signals; the page reads its exposures again
    // every few seconds while the campaign runs.
    await page.getByRole('table', { name: /most recent exposures/ }).waitFor({ timeout: 30_000 })
    await page.getByRole('rowheader', { name: customer, exact: true }).first().waitFor({ timeout: 30_000 })
    await page.getByText('Verdict', { exact: true }).first().waitFor()
    await page.getByRole('img', { name: /Conversion rate by arm/ }).waitFor()
    await shoot(page, 'campaign')
    await assertSound(page)

    await page.getByRole('button', { name: 'Pause' }).click()
    await page.getByRole('button', { name: 'Resume' }).waitFor()

    await goTo(page, '/campaigns', 'Campaigns')
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: NAME }) })
    await row.getByRole('cell', { name: 'Paused' }).waitFor()
    await row.getByText('Signal: Abandoned a cart').waitFor()
    await row.getByText(/exposed in the treatment/).waitFor()
    await shoot(page, 'campaigns')
    await assertSound(page)
    // The browser logs the refusal the test provoked; nothing else.
    const provoked = `status of 400 (Bad Request) (${dashboard.url}/api/v1/campaigns)`
    assert.deepEqual(
      errors.filter((e) => !e.endsWith(provoked)),
      [],
    )
    assert.equal(errors.length, 1, 'the refusal was logged once')
    await context.close()
  })

  it('a viewer reads the campaign with no button to change it, and the API refuses them', async () => {
    assert.ok(campaignId, 'the first test made the campaign')
    const { page, errors, context } = await openPage(browser, dashboard.url)
    await signIn(page, dashboard.url, USERS.viewer)
    await goTo(page, '/campaigns', 'Campaigns')
    await page.getByRole('link', { name: NAME }).waitFor()
    assert.equal(await page.getByRole('link', { name: 'New campaign' }).count(), 0)

    await goTo(page, `/campaigns/${encodeURIComponent(campaignId)}`, NAME)
    await page.getByRole('heading', { name: 'Report' }).waitFor()
    for (const name of ['Start', 'Resume', 'Pause', 'Archive', 'Edit'])
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, name)

    const resumePath = `/api/v1/campaigns/${encodeURIComponent(campaignId)}/resume`
    const refused = (await page.evaluate(`(async () => {
      const session = await (await fetch('/api/v1/session')).json()
      const response = await fetch(${JSON.stringify(resumePath)}, {
        method: 'POST',
        headers: { 'x-csrf-token': session.csrfToken },
      })
      return { status: response.status, body: await response.json() }
    })()`)) as { status: number; body: { error: { code: string } } }
    assert.equal(refused.status, 403)
    assert.equal(refused.body.error.code, 'REEL_ERR_FORBIDDEN')
    await assertSound(page)
    const provoked = `${dashboard.url}${resumePath}`
    assert.deepEqual(
      errors.filter((e) => !(e.includes('status of 403') && e.includes(provoked))),
      [],
    )
    await context.close()
  })
})

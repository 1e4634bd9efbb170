/**
 * The Coupons page in Chromium over the demo shop, with a chain of gifts made through the admin API first
 * (the demo makes none): templates with their counts, creating one (a bad value first, its error at the
 * input), archiving it, the viral figures, the chain drawn and listed, a coupon's ledger; a viewer sees it
 * all and may change nothing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
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
import { basicAuth, bearer } from '../../test-support/engines.js'

/** Members made for the test: the first gives a coupon on, and each receiver gives it on again. */
const CHAIN = ['gift-ana', 'gift-ben', 'gift-cho', 'gift-dan']
const TEMPLATE = 'Chain test 3,000 off'

async function admin<T>(reel: DemoDashboard, method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${reel.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: bearer(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const json = await response.json()
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
  return json as T
}

/** The texts of a table's body rows, cell by cell. */
const rowsOf = (page: Page, caption: string) =>
  page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')))

describe('the Coupons page in Chromium', { skip: noBrowser }, () => {
  let browser: Browser
  let reel: DemoDashboard
  let code: string
  let couponId: string
  before(async () => {
    ;[browser, reel] = await Promise.all([launchChromium(), serveDemoDashboard()])
    for (const userId of CHAIN) {
      const identified = await fetch(`${reel.url}/v1/identify`, {
        method: 'POST',
        headers: { authorization: basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({ userId, traits: { email: `${userId}@example.kr`, name: userId } }),
      })
      assert.equal(identified.status, 200, await identified.text())
    }
    const { currency } = await admin<{ currency: string | null }>(reel, 'GET', '/shop')
    const template = await admin<{ id: string }>(reel, 'POST', '/coupon-templates', {
      name: TEMPLATE,
      kind: 'loyalty',
      discount: { type: 'amount', amount: 3000, currency: currency ?? 'KRW' },
      validDays: 30,
      maxGiftHops: 3,
    })
    const issue = (customerId: string) =>
      admin<{ coupons: { id: string; code: string }[] }>(reel, 'POST', '/coupons', {
        templateId: template.id,
        customerIds: [customerId],
      })
    const [coupon] = (await issue(CHAIN[0] as string)).coupons
    assert.ok(coupon)
    await issue(CHAIN[1] as string)
    for (let hop = 1; hop < CHAIN.length; hop++) {
      const gift = await admin<{ id: string }>(reel, 'POST', `/coupons/${coupon.id}/gift`, {
        giverId: CHAIN[hop - 1],
        to: { customerId: CHAIN[hop] },
      })
      await admin(reel, 'POST', `/gifts/${gift.id}/claim`, { customerId: CHAIN[hop] })
    }
    await admin(reel, 'POST', '/coupons/redeem', {
      coupon: coupon.id,
      customerId: CHAIN.at(-1),
      orderId: 'chain-test-order',
      orderTotal: 40000,
      currency: currency ?? 'KRW',
    })
    couponId = coupon.id
    // A claimed gift gets a new code (the giver's copy stops working): the one it was redeemed with.
    code = (await admin<{ coupon: { code: string } }>(reel, 'GET', `/coupons/${coupon.id}`)).coupon.code
  })
  after(async () => {
    await browser?.close()
    await reel?.stop()
  })

  it('as a marketer: counts, a template made and archived, the gifts figured, drawn and listed, a ledger', async () => {
    const { context, page, errors } = await openPage(browser, reel.url)
    await signIn(page, reel.url, USERS.marketer)
    await goTo(page, '/coupons', 'Coupons')

    const templates = page.getByRole('table', { name: /Coupon templates/ })
    const row = templates.getByRole('row', { name: new RegExp(TEMPLATE) })
    await row.waitFor()
    // Issued, redeemed, expired, gifted: two issued, the gifted one redeemed at the end of its chain.
    assert.deepEqual((await row.locator('td.number').allTextContents()).slice(0, 4), ['2', '1', '0', '1'])

    await page.getByText('New template', { exact: true }).click()
    const form = page.getByRole('form', { name: 'New template' })
    await form.getByLabel('Name').fill('Spring 10 percent')
    await form.getByLabel('Discount type').selectOption('percent')
    const value = form.getByLabel('Amount or percent')
    await value.fill('150')
    await form.getByRole('button', { name: 'Create template' }).click()
    await form.getByRole('alert').filter({ hasText: 'The template was not saved' }).waitFor()
    assert.equal(await value.getAttribute('aria-invalid'), 'true')
    const problem = await page.locator(`#${await value.getAttribute('aria-describedby')}`).textContent()
    assert.match(problem ?? '', /100/, 'the error next to the input says what the limit is')
    await value.fill('10')
    await form.getByRole('button', { name: 'Create template' }).click()
    await form.getByRole('status').filter({ hasText: 'Template “Spring 10 percent” created.' }).waitFor()
    const spring = templates.getByRole('row', { name: /Spring 10 percent/ })
    await spring.waitFor()
    assert.match((await spring.textContent()) ?? '', /10%/)
    await spring.getByRole('button', { name: 'Archive: Spring 10 percent' }).click()
    await spring.getByRole('button', { name: 'Yes, archive' }).click()
    await spring.getByRole('cell', { name: 'Archived' }).waitFor()
    assert.equal(await spring.getByRole('button').count(), 0, 'an archived template has no Archive button')

    const figure = (label: string) => page.locator('.figure', { hasText: label }).locator('dd').textContent()
    assert.equal(await figure('Gifts sent'), '3')
    assert.equal(await figure('Members who gave'), '3')
    assert.equal(await figure('Orders with a gifted coupon'), '1')
    assert.match((await figure('Revenue from gifted coupons')) ?? '', /40,000/)

    const gifts = await rowsOf(page, 'Gifts, newest first')
    assert.deepEqual(
      gifts.map(([, giver, receiver, state, hop]) => [giver, receiver, state, hop]),
      [
        [CHAIN[2], CHAIN[3], 'Claimed', '3'],
        [CHAIN[1], CHAIN[2], 'Claimed', '2'],
        [CHAIN[0], CHAIN[1], 'Claimed', '1'],
      ],
    )
    assert.equal(
      await page.getByRole('button', { name: 'Older gifts' }).isDisabled(),
      true,
      'one page holds them',
    )
    const graph = page.getByRole('img', { name: /Gift chains/ })
    const drawn = await graph.locator('svg text').allTextContents()
    for (const member of CHAIN) assert.ok(drawn.includes(member), `${member} is drawn`)
    assert.equal((await graph.locator('svg path').count()) >= 3, true, 'the gifts are drawn as arrows')

    // A drawn customer opens their page.
    await graph.locator('svg text', { hasText: CHAIN[2] as string }).click()
    await page.waitForURL(`**/customers/${CHAIN[2]}`)
    await page.goBack()
    await page.getByRole('heading', { level: 1, name: 'Coupons' }).waitFor()

    const ledger = page.getByRole('table', { name: `Every change to coupon ${code}` })
    /** The events the ledger table lists, once it has its rows. */
    const events = async () => {
      await ledger.locator('tbody tr').first().waitFor()
      return (await rowsOf(page, `Every change to coupon ${code}`)).map((cells) => cells[1])
    }
    const expected = [
      'Issued',
      'Gifted',
      'Gift claimed',
      'Gifted',
      'Gift claimed',
      'Gifted',
      'Gift claimed',
      'Redeemed',
    ]
    // By the code as a customer might type it at checkout, then from the gift table.
    const lookup = page.getByLabel('Coupon code or id')
    await lookup.fill(code.toLowerCase())
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    assert.deepEqual(await events(), expected)
    await page.getByRole('button', { name: couponId }).first().click()
    assert.equal(await lookup.inputValue(), couponId)
    assert.deepEqual(await events(), expected)
    await page.getByRole('button', { name: 'Check every ledger' }).click()
    await page.getByText('This coupon’s ledger keeps the rules.').waitFor()

    await shoot(page, 'coupons')
    await assertSound(page)
    // The one refusal this test asked for: the template with a percent over 100.
    const refused = errors.filter((e) => /status of 400/.test(e) && e.includes('/api/v1/coupon-templates'))
    assert.equal(refused.length, 1, errors.join('\n'))
    assert.deepEqual(
      errors.filter((e) => !refused.includes(e)),
      [],
    )
    await context.close()
  })

  it('as a viewer: the same figures, and nothing to create or archive', async () => {
    const { context, page, errors } = await openPage(browser, reel.url)
    await signIn(page, reel.url, USERS.viewer)
    await goTo(page, '/coupons', 'Coupons')
    await page.getByRole('row', { name: new RegExp(TEMPLATE) }).waitFor()
    await page.getByRole('table', { name: 'Gifts, newest first' }).waitFor()
    assert.equal(await page.getByText('New template', { exact: true }).count(), 0)
    assert.equal(await page.getByRole('button', { name: /^Archive/ }).count(), 0)
    assert.equal(await page.getByRole('columnheader', { name: 'Actions' }).count(), 0)
    // In Korean: the page's own words too.
    await page.getByLabel('Language').selectOption('ko')
    await page.getByRole('heading', { level: 2, name: '선물 체인' }).waitFor()
    await page
      .getByRole('table', { name: '선물, 최신순' })
      .getByRole('cell', { name: '수락' })
      .first()
      .waitFor()
    await shoot(page, 'coupons-ko', { phone: false })
    await assertSound(page)
    assert.deepEqual(errors, [])
    await context.close()
  })
})

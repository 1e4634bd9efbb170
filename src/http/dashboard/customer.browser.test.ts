/**
 * The Customers and Customer pages in Chromium over the demo shop, signed in as a viewer: from a radar
 * signal to its customer's page, a customer at churn risk with their predictions in English and Korean,
 * finding a customer by the start of their id, a customer who does not exist, and an id a path could trip
 * on, with coupons and a gift that links giver and receiver.
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
  rowsOf,
  serveDemoDashboard,
  shoot,
  signIn,
  USERS,
} from '../../test-support/dashboard.js'
import { basicAuth, bearer } from '../../test-support/engines.js'

const SECTIONS = [
  'Profile and traits',
  'Predictions',
  'Consent',
  'Signals',
  'Orders',
  'Open carts',
  'Coupons',
  'Gifts',
  'Timeline',
]

/** The table in the section headed `title`. */
const tableOf = (page: Page, title: string) =>
  page
    .locator('section', { has: page.getByRole('heading', { level: 2, name: title, exact: true }) })
    .locator('table')

/** The value of the profile's fact labelled `name`. */
const factOf = (page: Page, name: string) =>
  page.locator('.customer-facts > div', { has: page.getByText(name, { exact: true }) }).locator('dd')

describe('the Customers and Customer pages in Chromium', { skip: noBrowser }, () => {
  let browser: Browser
  let shop: DemoDashboard
  before(async () => {
    ;[browser, shop] = await Promise.all([launchChromium(), serveDemoDashboard()])
  })
  after(async () => {
    await browser?.close()
    await shop?.stop()
  })
  /** A POST as the shop makes it (ingestion with the write key, the admin API with its token). */
  const post = async <T>(path: string, authorization: string, body: unknown): Promise<T> => {
    const res = await fetch(`${shop.url}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const text = await res.text()
    assert.ok(res.ok, `${path}: ${res.status} ${text}`)
    return JSON.parse(text) as T
  }

  it("a radar signal's customer link opens their page, every section drawn, the signal among theirs", async () => {
    const { context, page, errors } = await openPage(browser, shop.url)
    await signIn(page, shop.url, USERS.viewer)
    await goTo(page, '/radar', 'Radar')
    const signals = page.locator('section', { has: page.locator('#signals') }).locator('table')
    await signals.locator('tbody tr').first().waitFor()
    const [raised, kind, customerId, state, value] = (await rowsOf(signals))[0] ?? []
    assert.ok(customerId, 'the radar lists a signal')
    await signals.locator('tbody tr').first().getByRole('link').click()
    await page.getByRole('heading', { level: 1, name: customerId }).waitFor()
    assert.equal(new URL(page.url()).pathname, `/customers/${encodeURIComponent(customerId)}`)
    for (const title of SECTIONS)
      await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor()
    await tableOf(page, 'Timeline').waitFor()
    await tableOf(page, 'Consent').waitFor()

    assert.equal(await factOf(page, 'Customer id').textContent(), customerId)
    assert.ok(
      (await rowsOf(tableOf(page, 'Signals'))).some(
        (r) => r.join('|') === [raised, kind, state, value].join('|'),
      ),
      'the signal clicked is in the customer’s signals',
    )
    const consent = await rowsOf(tableOf(page, 'Consent'))
    assert.deepEqual(
      consent.map((r) => r[0]),
      ['E-mail', 'SMS', 'Messenger'],
    )
    assert.ok(
      consent.every(
        (r) => r.length === 4 && r.slice(1).every((cell) => /^(Granted|Denied|Not asked)/.test(cell)),
      ),
    )
    assert.ok((await rowsOf(tableOf(page, 'Timeline'))).length > 0, 'the timeline holds their events')
    await shoot(page, 'customer')
    await assertSound(page, errors)
    await context.close()
  })

  it("a churn-risk signal's customer: their predictions explained in the reader's language, the badge, the figures", async () => {
    const get = async <T>(path: string): Promise<T> =>
      (await (await fetch(`${shop.url}${path}`, { headers: { authorization: bearer() } })).json()) as T
    const { timeZone } = await get<{ timeZone: string }>('/api/v1/shop')
    const { signals } = await get<{ signals: { customerId: string }[] }>('/api/v1/signals?kind=churn_risk')
    const customerId = signals[0]?.customerId
    assert.ok(customerId, "the demo shop's fit raised a churn risk")
    const { predictions: p } = await get<{
      predictions: {
        pAlive: number
        valueIfActive12m: number
        currency: string
        nextOrderOn: string | null
        atRiskSince: string
        explanation: { en: string; ko: string }
      }
    }>(`/api/v1/customers/${encodeURIComponent(customerId)}`)

    const { context, page, errors } = await openPage(browser, shop.url)
    await signIn(page, shop.url, USERS.viewer)
    await goTo(page, '/radar', 'Radar')
    const kind = 'Likely leaving (churn risk)'
    await page.getByRole('combobox', { name: /^Kind/ }).selectOption({ label: kind })
    const signalList = page.locator('section', { has: page.locator('#signals') }).locator('table')
    await signalList
      .locator('tbody td:nth-child(2)')
      .filter({ hasNotText: kind })
      .first()
      .waitFor({ state: 'detached' })
    await signalList.getByRole('link', { name: customerId, exact: true }).first().click()
    await page.getByRole('heading', { level: 1, name: customerId }).waitFor()
    const explanation = page.locator('.prediction-explanation')
    assert.equal(await explanation.textContent(), p.explanation.en)
    const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone })
    assert.equal(
      await page.locator('.at-risk').textContent(),
      `At churn risk since ${date.format(new Date(p.atRiskSince))}`,
    )
    assert.equal(
      await factOf(page, 'Probability still active').textContent(),
      new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(p.pAlive),
    )
    assert.equal(
      await factOf(page, '12-month value if still active').textContent(),
      new Intl.NumberFormat('en-US', { style: 'currency', currency: p.currency }).format(p.valueIfActive12m),
    )
    // The next order's day is the shop's day as the server sent it, in no time zone's reckoning.
    const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' })
    assert.equal(
      await factOf(page, 'Next order expected').textContent(),
      p.nextOrderOn ? day.format(new Date(`${p.nextOrderOn}T00:00:00Z`)) : 'Not expected within a year',
    )
    assert.ok(
      (await rowsOf(tableOf(page, 'Signals'))).some((r) => r[1] === kind),
      'the churn risk is among their signals',
    )
    await shoot(page, 'customer-predictions', { phone: false })
    await assertSound(page, errors)

    await page.getByLabel('Language').selectOption('ko')
    await page.getByRole('heading', { level: 2, name: '예측', exact: true }).waitFor()
    assert.equal(await explanation.textContent(), p.explanation.ko)
    assert.ok((await rowsOf(tableOf(page, '신호'))).some((r) => r[1] === '이탈 위험'))
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('Customers pages newest seen first and finds a customer by the start of their id', async () => {
    const { context, page, errors } = await openPage(browser, shop.url)
    await signIn(page, shop.url, USERS.viewer)
    await goTo(page, '/customers', 'Customers')
    const table = page.locator('table')
    await table.waitFor()
    const first = await rowsOf(table)
    assert.equal(first.length, 50)
    await page.getByRole('button', { name: 'Next page' }).click()
    // The previous page stays drawn until the next one comes.
    await table.locator('tbody th').first().filter({ hasNotText: first[0]?.[0] }).waitFor()
    const second = await rowsOf(table)
    assert.equal(new Set([...first, ...second].map((r) => r[0])).size, first.length + second.length)

    const wanted = second[7]?.[0] ?? ''
    const prefix = wanted.slice(0, -1).toUpperCase()
    await page.getByLabel('Search by the start of an id, e-mail or phone number').fill(prefix)
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('button', { name: 'First page', disabled: true }).waitFor()
    // The previous page stays drawn until the answer comes: wait until every row is one the search finds.
    const startsWith = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i')
    await table.locator('tbody th').filter({ hasNotText: startsWith }).first().waitFor({ state: 'detached' })
    const found = await rowsOf(table)
    assert.ok(found.some((r) => r[0] === wanted) && found.length < 50, JSON.stringify(found))
    assert.ok(
      found.every((r) => r[0]?.toUpperCase().startsWith(prefix)),
      JSON.stringify(found),
    )
    await shoot(page, 'customers')
    await assertSound(page, errors)

    await page.getByRole('link', { name: wanted, exact: true }).click()
    await page.getByRole('heading', { level: 1, name: wanted }).waitFor()
    await context.close()
  })

  it('a customer who does not exist is said so; an id with /, ?, % and Hangul opens its page, coupons and gifts too', async () => {
    const odd = 'a/b?c%d 한글'
    const friend = 'gift-friend'
    await post<unknown>('/v1/batch', basicAuth(), {
      batch: [
        { type: 'identify', userId: odd, traits: { name: '김한글', email: 'hangul@example.kr' } },
        { type: 'identify', userId: friend, traits: { name: 'Friend', email: 'friend@example.kr' } },
      ],
    })
    // The starter set's apology coupon (src/starter-set.ts), giftable.
    const { templates } = (await (
      await fetch(`${shop.url}/api/v1/coupon-templates`, { headers: { authorization: bearer() } })
    ).json()) as { templates: { id: string; name: string; kind: string }[] }
    const template = templates.find((x) => x.kind === 'apology')
    assert.ok(template, 'the demo shop has the starter apology coupon')
    const { coupons } = await post<{ coupons: { id: string; code: string }[] }>('/api/v1/coupons', bearer(), {
      templateId: template.id,
      customerIds: [odd, odd],
    })
    const [given, kept] = coupons
    assert.ok(given && kept)
    await post<unknown>(`/api/v1/coupons/${given.id}/gift`, bearer(), {
      giverId: odd,
      to: { customerId: friend },
    })

    const { context, page, errors } = await openPage(browser, shop.url)
    await signIn(page, shop.url, USERS.viewer)
    await goTo(page, '/customers/nobody%2Fhere', 'No such customer')
    assert.equal(
      await page.getByRole('status').textContent(),
      'Reel has no customer with the id “nobody/here”.',
    )
    // The browser logs the API's 404: the answer this page expects, and no other error.
    assert.deepEqual(
      errors.filter((e) => !/status of 404 .*\/api\/v1\/customers\/nobody%2Fhere\)$/.test(e)),
      [],
    )
    errors.length = 0
    await assertSound(page, errors)

    await page.goto(`${shop.url}/customers/${encodeURIComponent(odd)}`)
    await page.getByRole('heading', { level: 1, name: `김한글 (${odd})` }).waitFor()
    assert.equal(await factOf(page, 'Email').textContent(), 'hangul@example.kr')
    await page.getByText('No predictions for this customer yet; they are refitted daily.').waitFor()
    await tableOf(page, 'Gifts').waitFor()
    // The template's name comes with the templates, after the coupons.
    await tableOf(page, 'Coupons').getByRole('cell', { name: template.name }).first().waitFor()
    assert.deepEqual(
      (await rowsOf(tableOf(page, 'Coupons'))).map((r) => r.slice(0, 3)).sort(),
      [
        [given.code, template.name, 'Gift pending'],
        [kept.code, template.name, 'Issued'],
      ].sort(),
    )
    assert.deepEqual(
      (await rowsOf(tableOf(page, 'Gifts'))).map((r) => r.slice(1)),
      [['Sent', friend, given.id, 'Waiting']],
    )
    await assertSound(page, errors)

    await tableOf(page, 'Gifts').getByRole('link', { name: friend }).click()
    await page.getByRole('heading', { level: 1, name: `Friend (${friend})` }).waitFor()
    await tableOf(page, 'Gifts').getByRole('link', { name: odd }).click()
    await page.getByRole('heading', { level: 1, name: `김한글 (${odd})` }).waitFor()
    assert.deepEqual(errors, [])
    await context.close()
  })
})

/**
 * The dashboard (web/, built into dist/web) in headless Chromium, served by a real `reel serve` over a small
 * demo shop: the sign-in page, the signed-in shell with Overview (its predictions and their calibration, a
 * refit) and Radar drawn from the admin API, Korean, sign-out sending the CSRF header; no console error
 * anywhere. With REEL_SCREENSHOTS=DIR (npm run docs:screenshots) it saves a screenshot of each page there.
 * It signs in as a marketer made with `reel users add`, through the real session API and its cookie.
 */
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { runCli } from '../cli/test-support.js'
import {
  assertSound,
  DEMO_PREDICTIONS,
  launchChromium,
  noBrowser,
  openPage,
  rowsOf,
  serveDemoDashboard,
  shoot,
  USERS,
} from '../test-support/dashboard.js'
import {
  bearer,
  dropDatabase,
  engines,
  freshPostgresUrl,
  TEST_ADMIN_TOKEN,
  TEST_WRITE_KEY,
} from '../test-support/engines.js'
import { serveFresh } from '../test-support/served-reel.js'

const MARKETER = USERS.marketer
/** UTC+14: most moments fall on another day there than in UTC or on this machine. */
const SHOP_ZONE = 'Pacific/Kiritimati'
const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: SHOP_ZONE,
})

/** A browser of its own (src/test-support/dashboard.ts), with the CSRF token of each sign-in and sign-out seen. */
async function open(browser: Browser, reelUrl: string, locale: string) {
  const opened = await openPage(browser, reelUrl, locale)
  const signIns: string[] = []
  const signOuts: (string | undefined)[] = []
  opened.context.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/session' && request.method() === 'DELETE')
      signOuts.push(request.headers()['x-csrf-token'])
  })
  opened.context.on('response', async (response) => {
    const request = response.request()
    if (new URL(request.url()).pathname !== '/api/v1/session' || request.method() !== 'POST') return
    if (response.status() === 200) signIns.push(((await response.json()) as { csrfToken: string }).csrfToken)
  })
  return { ...opened, signIns, signOuts }
}

interface PredictionsOverview {
  current: {
    fittedAt: string
    currency: string
    quality: {
      status: 'ok'
      check: {
        actual: number
        predicted: number
        pAliveDeciles: {
          decile: number
          customers: number
          meanPAlive: number
          predictedShareBuying: number
          actualShareBuying: number
        }[]
      }
    }
  }
  totals: { predictedValue12m: number; atRisk: number }
}

/** The Overview's predictions block shows the server's figures and the fit's calibration, as a table. */
async function assertPredictions(page: Page, url: string): Promise<void> {
  const o = (await (
    await fetch(`${url}/api/v1/predictions`, { headers: { authorization: bearer() } })
  ).json()) as PredictionsOverview
  const block = page.getByRole('region', { name: /^Predictions/ })
  // The block shows the fit the server holds now (read again after a refit).
  await block.getByText(`Fitted ${dateTime.format(new Date(o.current.fittedAt))} `).waitFor()
  const figure = (label: string) => block.locator('.figure', { hasText: label }).locator('dd').textContent()
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: o.current.currency })
  assert.equal(
    await figure('Predicted value of all customers, next 12 months'),
    money.format(o.totals.predictedValue12m),
  )
  assert.equal(await figure('Customers at churn risk'), o.totals.atRisk.toLocaleString('en-US'))
  const { check } = o.current.quality
  const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format
  assert.deepEqual(
    await rowsOf(block.getByRole('table', { name: /^Customers in tenths by P\(alive\)/ })),
    check.pAliveDeciles.map((d) => [
      String(d.decile),
      d.customers.toLocaleString('en-US'),
      percent(d.meanPAlive),
      percent(d.predictedShareBuying),
      percent(d.actualShareBuying),
    ]),
  )
  const [model] = await rowsOf(block.getByRole('table', { name: /^Orders in those days/ }))
  assert.deepEqual(model?.slice(0, 3), [
    'The model (BG/NBD)',
    check.predicted.toLocaleString('en-US', { maximumFractionDigits: 1 }),
    check.actual.toLocaleString('en-US'),
  ])
}

describe('the dashboard in Chromium', { skip: noBrowser }, () => {
  let browser: Browser
  before(async () => {
    browser = await launchChromium()
  })
  after(() => browser?.close())

  for (const engine of engines) {
    describe(engine.name, { skip: engine.skip }, () => {
      let url: string
      let stop: () => Promise<void>
      before(async () => {
        if (engine.name === 'embedded') {
          const served = await serveDemoDashboard({ REEL_DEFAULT_TIMEZONE: SHOP_ZONE })
          url = served.url
          stop = served.stop
          return
        }
        const store = { REEL_DATABASE_URL: await freshPostgresUrl() }
        const env = {
          REEL_WRITE_KEY: TEST_WRITE_KEY,
          REEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          ...DEMO_PREDICTIONS,
          ...store,
        }
        const truth = join(tmpdir(), `reel-web-demo-${process.pid}.json`)
        const demo = await runCli(['demo', '--customers', '300', '--days', '120', '--truth', truth], env)
        rmSync(truth, { force: true })
        assert.equal(demo.code, 0, demo.stderr)
        const added = await runCli(
          ['users', 'add', MARKETER.email, '--role', 'marketer'],
          env,
          `${MARKETER.password}\n`,
        )
        assert.equal(added.code, 0, added.stderr)
        const reel = await serveFresh('postgres', {
          ...store,
          ...DEMO_PREDICTIONS,
          REEL_DEFAULT_TIMEZONE: SHOP_ZONE,
        })
        url = reel.server.url
        stop = async () => {
          await reel.stop()
          await dropDatabase(store.REEL_DATABASE_URL)
        }
      })
      after(() => stop?.())

      it('shows the sign-in form, announces a refused password, then signs in to a populated Overview', async () => {
        const { context, page, errors } = await open(browser, url, 'en-US')
        await page.goto(url)
        await page.getByRole('heading', { name: 'Sign in to Reel' }).waitFor()
        await page.getByLabel('Email').fill(MARKETER.email)
        await page.getByLabel('Password').fill('wrong password')
        await page.getByRole('button', { name: 'Sign in' }).click()
        await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor()
        if (engine.name === 'embedded') await shoot(page, 'sign-in', { phone: false })

        await page.getByLabel('Password').fill(MARKETER.password)
        await page.getByRole('button', { name: 'Sign in' }).click()
        await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()
        const nav = page.getByRole('navigation', { name: 'Main' })
        assert.deepEqual(await nav.getByRole('link').allTextContents(), [
          'Overview',
          'Radar',
          'Customers',
          'Campaigns',
          'Coupons',
          'Shipments',
          'Outbox',
          'Settings',
        ])
        assert.equal(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current'), 'page')

        // The figures are the server's own.
        const stats = (await (
          await fetch(`${url}/api/v1/stats`, { headers: { authorization: bearer() } })
        ).json()) as { customers: number }
        assert.ok(stats.customers > 0)
        const customers = page
          .getByRole('region', { name: 'What Reel holds' })
          .locator('.figure', { hasText: 'Customers' })
          .locator('dd')
        assert.equal(await customers.textContent(), stats.customers.toLocaleString('en'))
        await page.getByRole('heading', { name: 'Incremental profit by campaign' }).waitFor()
        assert.ok(
          (await page
            .locator('section', { hasText: 'Incremental profit by campaign' })
            .locator('tbody tr')
            .count()) > 0,
        )
        await page.getByRole('heading', { name: 'Gifts' }).waitFor()
        await assertPredictions(page, url)
        if (engine.name === 'embedded') await shoot(page, 'overview')
        // A marketer may refit: the demo shop's history fits again, and the block is read again.
        await page.getByRole('button', { name: 'Refit now' }).click()
        await page
          .getByRole('status')
          .filter({ hasText: /^Refitted on / })
          .waitFor()
        await assertPredictions(page, url)
        await assertSound(page)
        // By keyboard: the walk ends back on the first control, the skip link; the navigation follows.
        const focused = () => page.evaluate('document.activeElement.textContent')
        assert.equal(await focused(), 'Skip to content')
        await page.keyboard.press('Tab')
        await page.keyboard.press('Tab')
        assert.equal(await focused(), 'Radar')
        await page.keyboard.press('Enter')
        await page.getByRole('heading', { name: 'Radar', level: 1 }).waitFor()
        assert.deepEqual(errors, [])
        await context.close()
      })

      it('draws the Radar with its kinds and a server-paged, filterable signal list; a reload stays on it', async () => {
        const { context, page, errors, signIns, signOuts } = await open(browser, url, 'en-US')
        await page.goto(url)
        await page.getByLabel('Email').fill(MARKETER.email)
        await page.getByLabel('Password').fill(MARKETER.password)
        await page.getByRole('button', { name: 'Sign in' }).click()
        await page.getByRole('link', { name: 'Radar' }).click()
        await page.getByRole('heading', { name: 'Radar', level: 1 }).waitFor()
        assert.equal(new URL(page.url()).pathname, '/radar')
        const signals = page.locator('section', { has: page.getByRole('heading', { name: 'Signals' }) })
        await signals.locator('tbody tr').first().waitFor()
        assert.equal(await signals.locator('tbody tr').count(), 50, 'a page of 50')

        await page.getByLabel('State').selectOption('open')
        await page.waitForResponse(
          (r) => r.url().includes('/api/v1/signals') && r.url().includes('state=open'),
        )
        await signals.locator('tbody tr').first().waitFor()
        const states = await signals.locator('tbody tr td:nth-child(4)').allTextContents()
        assert.ok(states.length > 0 && states.every((s) => s === 'Open'), states.join())
        // Dates are the shop's days, not UTC's or the browser's.
        const first = (await (
          await fetch(`${url}/api/v1/signals?state=open&limit=1`, { headers: { authorization: bearer() } })
        ).json()) as { signals: { at: string }[] }
        const shopDay = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: SHOP_ZONE })
        assert.equal(
          await signals.locator('tbody tr td:nth-child(1)').first().textContent(),
          shopDay.format(new Date(first.signals[0]?.at ?? 0)),
        )
        if (engine.name === 'embedded') await shoot(page, 'radar')
        await assertSound(page)

        await page.reload()
        await page.getByRole('heading', { name: 'Radar', level: 1 }).waitFor()
        await page.getByRole('button', { name: 'Sign out' }).click()
        await page.getByRole('heading', { name: 'Sign in to Reel' }).waitFor()
        assert.equal(signIns.length, 1)
        assert.deepEqual(signOuts, signIns, "sign-out sends the session's CSRF token")
        // The cookie is gone: the admin API is closed to this browser again.
        const after = await context.request.get(`${url}/api/v1/stats`)
        assert.equal(after.status(), 401)
        assert.deepEqual(errors, [])
        await context.close()
      })

      it('speaks Korean to a Korean browser', async () => {
        const { context, page, errors } = await open(browser, url, 'ko-KR')
        await page.goto(url)
        await page.getByRole('heading', { name: 'Reel 로그인' }).waitFor()
        assert.equal(await page.evaluate('document.documentElement.lang'), 'ko')
        await page.getByLabel('이메일').fill(MARKETER.email)
        await page.getByLabel('비밀번호').fill(MARKETER.password)
        await page.getByRole('button', { name: '로그인' }).click()
        await page.getByRole('heading', { name: '개요', level: 1 }).waitFor()
        await page.getByRole('heading', { name: '놓친 고객 유형별 위험 금액' }).waitFor()
        await page.getByRole('table', { name: /^활성 확률로 나눈 고객 10분위/ }).waitFor()
        if (engine.name === 'embedded') await shoot(page, 'overview-ko', { phone: false })
        assert.deepEqual(errors, [])
        await context.close()
      })
    })
  }
})

/**
 * The dashboard's end-to-end tests' common parts: Debian's Chromium through playwright-core, a served Reel
 * over a demo shop with a user of each role (made by `reel users add`), sign-in through the real session
 * API, console errors collected, axe-core run inside the page, a keyboard walk, and screenshots.
 *
 * The demo shop is made once per test run (the test runner's process) and copied for each test file: a
 * demo takes half a minute and every page's test needs one.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'
import { runCli } from '../cli/test-support.js'
import { WEB_APP_ROOT } from '../http/web-app.js'
import { freshEmbeddedDir, TEST_ADMIN_TOKEN, TEST_WRITE_KEY } from './engines.js'
import { freePort, type ServerProcess, spawnServer, stopServer, waitForHealth } from './server-process.js'

export const CHROMIUM = '/usr/bin/chromium'
/** The reason to skip, or false: CI always runs them. */
export const noBrowser =
  existsSync(CHROMIUM) || process.env.CI === 'true'
    ? false
    : `no ${CHROMIUM}: install Debian's chromium (sudo apt-get install chromium fonts-noto-cjk) to run the browser tests`

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Where `npm run docs:screenshots` (REEL_SCREENSHOTS) wants screenshots; else a folder in tmp. */
const SCREENSHOTS = process.env.REEL_SCREENSHOTS

export const USERS = {
  admin: { email: 'admin@example.kr', password: 'admin password', role: 'admin' },
  marketer: { email: 'marketer@example.kr', password: 'right password', role: 'marketer' },
  viewer: { email: 'viewer@example.kr', password: 'viewer password', role: 'viewer' },
} as const
export type TestUser = (typeof USERS)[keyof typeof USERS]

function newestChange(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name)
      return entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs
    }),
  )
}

/** Builds web/ when dist/web is missing or older than its sources (npm ci and npm run build build it too). */
export function ensureWebBuilt(): void {
  const index = join(WEB_APP_ROOT, 'index.html')
  if (existsSync(index) && statSync(index).mtimeMs >= newestChange(join(REPO_ROOT, 'web'))) return
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', 'web'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  })
}

export function launchChromium(): Promise<Browser> {
  ensureWebBuilt()
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine's network is closed: Chromium's own background calls would only fail, loudly.
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const DEMO_PREFIX = 'reel-dashboard-demo-'

/**
 * The demo shop's predictions: of its 300 customers over 120 days, 11 bought on two days or more, 2 of them
 * before the last 90 days, far fewer than a fit needs by default (200). With the minimum at 2 the demo's
 * fit, its check on the last 90 days and the served shop's refits all make predictions to show.
 */
export const DEMO_PREDICTIONS = { REEL_PREDICT_MIN_REPEAT_BUYERS: '2' }

/** The demo shop's data folder of this test run, made on first use; earlier runs' folders are removed. */
async function demoShopDir(): Promise<string> {
  const dir = join(tmpdir(), `${DEMO_PREFIX}${process.ppid}`)
  if (existsSync(dir)) return dir
  for (const entry of readdirSync(tmpdir()))
    if (entry.startsWith(DEMO_PREFIX) && !alive(Number(entry.slice(DEMO_PREFIX.length))))
      rmSync(join(tmpdir(), entry), { recursive: true, force: true })
  const building = await freshEmbeddedDir()
  const env = {
    REEL_WRITE_KEY: TEST_WRITE_KEY,
    REEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    REEL_DATA_DIR: building,
    ...DEMO_PREDICTIONS,
  }
  const truth = join(building, '..', `${DEMO_PREFIX}truth-${process.pid}.json`)
  // Without the demo's gifts: the pages' tests count the gifts and outbox messages they make themselves.
  const demo = await runCli(
    ['demo', '--customers', '300', '--days', '120', '--truth', truth, '--no-gifts'],
    env,
  )
  rmSync(truth, { force: true })
  if (demo.code !== 0) throw new Error(`reel demo failed:\n${demo.stderr}`)
  const { predictions } = JSON.parse(demo.stdout) as {
    predictions: { status: string; reason: string | null }
  }
  if (predictions.status !== 'ok')
    throw new Error(`the demo shop's fit made no predictions: ${predictions.reason}`)
  for (const user of Object.values(USERS)) {
    const added = await runCli(['users', 'add', user.email, '--role', user.role], env, `${user.password}\n`)
    if (added.code !== 0) throw new Error(`reel users add failed:\n${added.stderr}`)
  }
  // Renamed whole once made: a folder under the run's name is always a finished demo shop.
  try {
    renameSync(building, dir)
  } catch {
    rmSync(building, { recursive: true, force: true }) // another test file made it first
  }
  return dir
}

export interface DemoDashboard {
  url: string
  server: ServerProcess
  /** The settings it runs with, for `reel` commands that must reach the same store. */
  env: Record<string, string>
  stop(): Promise<void>
}

/** `reel serve` over a copy of the run's demo shop, with `settings` added to its environment. */
export async function serveDemoDashboard(settings: Record<string, string> = {}): Promise<DemoDashboard> {
  const shop = await demoShopDir()
  const dataDir = mkdtempSync(join(tmpdir(), 'reel-test-'))
  cpSync(shop, dataDir, { recursive: true })
  const env = {
    REEL_WRITE_KEY: TEST_WRITE_KEY,
    REEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    REEL_LOG_LEVEL: 'warn',
    REEL_DATA_DIR: dataDir,
    ...DEMO_PREDICTIONS,
    ...settings,
  }
  const server = spawnServer({ PORT: String(await freePort()), ...env })
  const stop = async () => {
    await stopServer(server, 'SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await waitForHealth(server)
  } catch (error) {
    await stop()
    throw error
  }
  return { url: server.url, server, env, stop }
}

export interface OpenPage {
  context: BrowserContext
  page: Page
  /** Every console error, uncaught exception and failed request, with where it came from. */
  errors: string[]
}

/** A browser of its own (no cookies shared with another test), its errors collected. */
export async function openPage(
  browser: Browser,
  reelUrl: string,
  locale = 'en-US',
  viewport = { width: 1280, height: 900 },
): Promise<OpenPage> {
  const context = await browser.newContext({ locale, viewport })
  const errors: string[] = []
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  page.on('console', (message) => {
    // The browser logs every 4xx answer; the signed-out session check answers 401 by design. A test that
    // expects another refusal (a viewer's 403) reads it off `errors` itself.
    const expected401 =
      /status of 401/.test(message.text()) && message.location().url === `${reelUrl}/api/v1/session`
    if (message.type() === 'error' && !expected401)
      errors.push(`${message.text()} (${message.location().url})`)
  })
  page.on('pageerror', (error) => errors.push(String(error)))
  page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText}`))
  return { context, page, errors }
}

/** Signs in on the sign-in page (English labels) and waits for the Overview. */
export async function signIn(page: Page, reelUrl: string, user: TestUser): Promise<void> {
  await page.goto(reelUrl)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Overview' }).waitFor()
}

// The code run inside the page is text: this file is compiled without the DOM's types.

/** Moves inside the app as a click on a navigation link does (no reload), and waits for the page's h1. */
export async function goTo(page: Page, path: string, heading: string | RegExp): Promise<void> {
  const to = JSON.stringify(path)
  await page.evaluate(`history.pushState(null, '', ${to}); dispatchEvent(new PopStateEvent('popstate'))`)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
}

/** The text of each cell of a table's body rows. */
export function rowsOf(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...(row as unknown as { cells: { textContent: string }[] }).cells].map((c) => c.textContent),
      ),
    )
}

/** A full-page screenshot, and one at a 390 px phone width with `-phone` after the name. */
export async function shoot(page: Page, name: string, { phone = true } = {}): Promise<void> {
  const dir = SCREENSHOTS ?? join(tmpdir(), 'reel-screenshots')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
  if (!phone) return
  const size = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: join(dir, `${name}-phone.png`), fullPage: true })
  if (size) await page.setViewportSize(size)
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * axe-core's serious and critical violations on the page as it is drawn now (WCAG 2.1 A and AA rules and
 * best practices), one line each naming the rule and the elements. The script is added through the
 * DevTools protocol, which the page's Content-Security-Policy does not govern.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE)
  const violations = (await page.evaluate(`(async () => {
    const results = await window.axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }))
  })()`)) as { id: string; impact: string | null; help: string; targets: string[] }[]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.slice(0, 5).join(', ')})`)
}

/**
 * The page's visible controls (links, buttons, fields, anything with a tabindex ≥ 0) that pressing Tab
 * from the top never reaches, described by tag and text.
 */
export async function unreachableByKeyboard(page: Page, maxTabs = 400): Promise<string[]> {
  await page.evaluate(`(() => {
    let n = 0
    for (const element of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')) {
      const shown = element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden'
      if (shown && element.disabled !== true && element.tabIndex >= 0) element.dataset.keyboardCheck = String(n++)
    }
    document.querySelector('[data-keyboard-check="0"]')?.focus()
  })()`)
  // From the first control, Tab until focus comes back to it: one full round of the page.
  const reached = new Set<string>(['0'])
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab')
    const mark = (await page.evaluate('document.activeElement?.dataset?.keyboardCheck')) as string | undefined
    if (mark === '0') break
    if (mark !== undefined) reached.add(mark)
  }
  const seen = JSON.stringify([...reached])
  return (await page.evaluate(`(() => {
    const seen = new Set(${seen})
    const missed = []
    for (const element of document.querySelectorAll('[data-keyboard-check]')) {
      if (!seen.has(element.dataset.keyboardCheck)) {
        const text = (element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 40)
        missed.push(element.tagName.toLowerCase() + ' "' + text + '"')
      }
      delete element.dataset.keyboardCheck
    }
    return missed
  })()`)) as string[]
}

/**
 * What every page must be at the end of a test: no console error (when `errors` is given), no serious or
 * critical axe-core violation, every control reachable by keyboard.
 */
export async function assertSound(page: Page, errors?: string[]): Promise<void> {
  if (errors) assert.deepEqual(errors, [])
  assert.deepEqual(await accessibilityViolations(page), [])
  assert.deepEqual(await unreachableByKeyboard(page), [])
}

/**
 * `npm run bench -- dashboard`: how fast each page of the dashboard draws in Debian's Chromium on a demo
 * shop of --customers (100,000) customers over --days (120): the time from navigation to first contentful
 * paint, and to the page showing its figures (its h1 drawn and nothing left loading), for a full load of
 * each page's address. Target: the figures shown within 1 s.
 *
 * 1. `reel demo` on a new data folder (or --data-dir, reused when it already holds a shop), a viewer made
 *    with `reel users add`;
 * 2. `reel serve` on it; Chromium signs in once, then loads each page --runs times; the median is printed.
 *
 * Options: --customers N (100000) --days D (120) --runs R (3) --data-dir PATH --json PATH.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { ADMIN_TOKEN, buildReel, REPO, reelEnv, runReel, spawnReel } from './radar/reel-process.js'
import { fmt, log, parseBenchArgs } from './support/cli.js'
import { freePort, stopServer, waitForHealth } from './support/http.js'

const TARGET_MS = 1000
const VIEWER = { email: 'bench-viewer@example.kr', password: 'bench viewer password' }

interface PageFigure {
  page: string
  path: string
  firstContentfulPaintMs: number
  shownMs: number
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/** Loads `url` afresh and times it with the page's own clock (navigation start = 0). */
async function timeLoad(page: Page, url: string): Promise<{ fcp: number; shown: number }> {
  await page.goto(url, { waitUntil: 'commit' })
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 60_000 })
  await page.waitForFunction('!document.querySelector("main [aria-busy=true]")', null, { timeout: 60_000 })
  const shown = (await page.evaluate('performance.now()')) as number
  const fcp = (await page.evaluate(
    "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1",
  )) as number
  return { fcp, shown }
}

async function adminGet<T>(base: string, path: string): Promise<T> {
  const response = await fetch(`${base}/api/v1${path}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`)
  return (await response.json()) as T
}

export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    customers: { type: 'string', default: '100000' },
    days: { type: 'string', default: '120' },
    runs: { type: 'string', default: '3' },
    'data-dir': { type: 'string' },
  })
  const customers = Number(values.customers)
  const days = Number(values.days)
  const runs = Number(values.runs)
  buildReel()
  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'reel-bench-dashboard-'))
  const storage = { REEL_DATA_DIR: dataDir }
  // A --data-dir that already holds a shop (Reel's data folder keeps its database in pgdata) is measured
  // as it is.
  if (!existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))) {
    log(`reel demo --customers ${customers} --days ${days}`)
    const demo = await runReel(
      ['demo', '--customers', String(customers), '--days', String(days)],
      reelEnv(storage),
    )
    log(`  ${fmt(demo.wallMs / 1000)} s`)
  }
  // The bench's viewer, made once per shop (a second `users add` of the same address is refused).
  const users = spawnSync(
    process.execPath,
    ['dist/cli/main.js', 'users', 'add', VIEWER.email, '--role', 'viewer'],
    {
      cwd: REPO,
      env: reelEnv(storage),
      input: `${VIEWER.password}\n`,
      encoding: 'utf8',
    },
  )
  if (users.status !== 0 && !users.stderr.includes('already a user')) throw new Error(users.stderr)
  const port = await freePort()
  const server = spawnReel(['serve'], reelEnv(storage, { PORT: String(port), HOST: '127.0.0.1' }))
  const base = `http://127.0.0.1:${port}`
  const agent = new Agent({ keepAlive: true })
  await waitForHealth(agent, port, 120, () => {
    if (server.child.exitCode !== null) throw new Error('reel serve exited')
  })
  agent.destroy()
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const figures: PageFigure[] = []
  try {
    const stats = await adminGet<{ customers: number; events: number }>(base, '/stats')
    log(`shop: ${fmt(stats.customers)} customers, ${fmt(stats.events)} events`)
    const signal = await adminGet<{ signals: { customerId: string }[] }>(base, '/signals?limit=1')
    const campaigns = await adminGet<{ campaigns: { id: string }[] }>(base, '/campaigns')
    const pages: [string, string][] = [
      ['Overview', '/'],
      ['Radar', '/radar'],
      ['Customers', '/customers'],
      ['Customer', `/customers/${encodeURIComponent(signal.signals[0]?.customerId ?? 'none')}`],
      ['Campaigns', '/campaigns'],
      ['Campaign', `/campaigns/${encodeURIComponent(campaigns.campaigns[0]?.id ?? 'none')}`],
      ['New campaign', '/campaigns/new'],
      ['Coupons', '/coupons'],
      ['Outbox', '/outbox'],
      ['Settings', '/settings'],
    ]
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(base)
    await page.getByLabel('Email').fill(VIEWER.email)
    await page.getByLabel('Password').fill(VIEWER.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { level: 1 }).waitFor()
    for (const [name, path] of pages) {
      const times = []
      // One load first, unmeasured: the server's first query of a kind plans it and warms its cache.
      await timeLoad(page, `${base}${path}`)
      for (let i = 0; i < runs; i++) times.push(await timeLoad(page, `${base}${path}`))
      figures.push({
        page: name,
        path,
        firstContentfulPaintMs: median(times.map((t) => t.fcp)),
        shownMs: median(times.map((t) => t.shown)),
      })
    }
  } finally {
    await browser.close()
    await stopServer(server.child)
    if (values['data-dir'] === undefined) rmSync(dataDir, { recursive: true, force: true })
  }
  process.stdout.write('| page | first contentful paint | figures shown | ≤ 1 s |\n|---|---:|---:|---|\n')
  for (const f of figures)
    process.stdout.write(
      `| ${f.page} | ${fmt(f.firstContentfulPaintMs)} ms | ${fmt(f.shownMs)} ms | ${f.shownMs <= TARGET_MS ? 'met' : 'NOT MET'} |\n`,
    )
  if (values.json) writeFileSync(values.json, JSON.stringify({ customers, days, runs, figures }, null, 2))
}

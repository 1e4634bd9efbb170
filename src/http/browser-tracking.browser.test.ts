/**
 * Segment's browser library, the real `@segment/analytics-next` UMD bundle from node_modules, in headless
 * Chromium on a shop page served from another origin than `reel serve`: its calls are stored exactly once,
 * on the right customer, in each of its delivery modes, and the older write-key-in-the-body calls and
 * beacons too. Settings are given inline, so the library never asks Segment's CDN (there is no internet).
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { bearer, engines, TEST_WRITE_KEY } from '../test-support/engines.js'
import { type ServedReel, serveFresh } from '../test-support/served-reel.js'

const CHROMIUM = '/usr/bin/chromium'
const noBrowser =
  existsSync(CHROMIUM) || process.env.CI === 'true'
    ? false
    : `no ${CHROMIUM}: install Debian's chromium (sudo apt-get install chromium) to run the browser tests`

const BUNDLE = readFileSync(
  fileURLToPath(import.meta.resolve('@segment/analytics-next/dist/umd/index.js')),
  'utf8',
)

/**
 * The shop's page: the bundle as a shop hosts it, loaded with Reel as its API host. `?mode=` picks what the
 * page does; it leaves `window.reelResult` when it is done.
 */
function shopPage(reelUrl: string): string {
  const reelHost = new URL(reelUrl).host
  return `<!doctype html><html><head><title>Shop</title>
<script src="/analytics-next.js"></script>
<script>
const params = new URLSearchParams(location.search)
const mode = params.get('mode')
const user = params.get('user')
const writeKey = ${JSON.stringify(TEST_WRITE_KEY)}
const reel = ${JSON.stringify(reelUrl)}
const deliveryStrategy = {
  standard: undefined,
  keepalive: { strategy: 'standard', config: { keepalive: true } },
  batching: { strategy: 'batching', config: { size: 3, timeout: 60000 } },
  unload: { strategy: 'batching', config: { size: 10, timeout: 60000 } },
}[mode]
async function run() {
  if (mode === 'legacy') {
    // analytics.js before the Authorization header: the key in a text/plain body, and a beacon.
    const body = (fields) => JSON.stringify({ writeKey, anonymousId: user, ...fields })
    const beacon = navigator.sendBeacon(reel + '/v1/p', body({ messageId: user + '-page', name: 'Home' }))
    const res = await fetch(reel + '/v1/track', {
      method: 'POST',
      body: body({ messageId: user + '-track', event: 'Product Viewed', properties: { product_id: 'p-9' } }),
    })
    return { beacon, status: res.status }
  }
  const [analytics] = await AnalyticsNext.AnalyticsBrowser.load({
    writeKey,
    cdnSettings: {
      integrations: {
        'Segment.io': { apiKey: writeKey, apiHost: ${JSON.stringify(`${reelHost}/v1`)}, protocol: 'http', deliveryStrategy },
      },
      metrics: { sampleRate: 0 },
    },
  })
  await analytics.page('Home')
  await analytics.track('Product Viewed', { product_id: 'p-1', name: 'Wool coat', price: 129000 })
  if (mode !== 'unload') await analytics.identify(user, { email: user + '@example.kr' })
  return { anonymousId: analytics.user().anonymousId() }
}
run().then(
  (result) => { window.reelResult = result },
  (error) => { window.reelResult = { error: String(error) } },
)
</script></head><body><h1>Shop</h1><a href="/bye">leave</a></body></html>`
}

/** A second web server, on another port and so another origin, serving the shop's page and the bundle. */
async function serveShop(reelUrl: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://shop').pathname
    if (path === '/analytics-next.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(BUNDLE)
    else if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(shopPage(reelUrl()))
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Bye</title>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

interface StoredEvent {
  type: string
  messageId: string
  event: string | null
  name: string | null
  customerId: string
  anonymousId: string | null
}

describe('Segment’s browser library in Chromium', { skip: noBrowser }, () => {
  let browser: Browser
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })
  })
  after(() => browser?.close())

  for (const engine of engines) {
    describe(engine.name, { skip: engine.skip }, () => {
      let reel: ServedReel
      let shop: { server: Server; origin: string }
      let stranger: { server: Server; origin: string }
      before(async () => {
        // Reel lists the shop's origin, so the shop listens first and learns Reel's address after.
        shop = await serveShop(() => reel.server.url)
        stranger = await serveShop(() => reel.server.url)
        reel = await serveFresh(engine.name, { REEL_CORS_ORIGINS: shop.origin })
      })
      after(async () => {
        for (const site of [shop, stranger]) site?.server.close()
        await reel?.stop()
      })

      const admin = async <T>(path: string): Promise<{ status: number; body: T }> => {
        const res = await fetch(`${reel.server.url}${path}`, { headers: { authorization: bearer() } })
        return { status: res.status, body: (await res.json()) as T }
      }
      const eventsOf = async (customer: string) =>
        (await admin<{ events: StoredEvent[] }>(`/api/v1/events?customer=${encodeURIComponent(customer)}`))
          .body.events

      /** Waits until the customer has this many events (a batch or a beacon is answered to no one). */
      async function eventsWhenStored(customer: string, count: number): Promise<StoredEvent[]> {
        const deadline = Date.now() + 30_000
        for (;;) {
          const events = await eventsOf(customer)
          if (events.length >= count || Date.now() > deadline) return events
          await new Promise((resolve) => setTimeout(resolve, 200))
        }
      }

      type MemberProfile = { profile: { isMember: boolean; email: string; eventsCount: number } }
      /**
       * The member's profile once the projectors behind the log have folded the three calls and the visitor
       * in (a browser has no position to read after), or as it stands after 30 s.
       */
      async function profileWhenProjected(user: string, anonymousId: string) {
        const deadline = Date.now() + 30_000
        for (;;) {
          const member = await admin<MemberProfile>(`/api/v1/customers/${user}`)
          const visitor = await admin(`/api/v1/customers/${encodeURIComponent(`anon:${anonymousId}`)}`)
          const projected =
            member.status === 200 && member.body.profile.eventsCount >= 3 && visitor.status === 404
          if (projected || Date.now() > deadline) return member
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      }

      /** Opens the shop page in a browser of its own, recording every call to Reel and every console error. */
      async function visit(origin: string, mode: string, user: string) {
        const context = await browser.newContext()
        const page: Page = await context.newPage()
        page.setDefaultTimeout(20_000)
        const errors: string[] = []
        const posts: string[] = []
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text())
        })
        page.on('requestfailed', (request) => {
          if (request.url().startsWith(reel.server.url))
            errors.push(`${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`)
        })
        page.on('response', (response) => {
          if (response.url().startsWith(reel.server.url) && response.request().method() === 'POST')
            posts.push(`${new URL(response.url()).pathname} ${response.status()}`)
        })
        await page.goto(`${origin}/?mode=${mode}&user=${user}`)
        await page.waitForFunction('window.reelResult !== undefined')
        const result = (await page.evaluate('window.reelResult')) as {
          anonymousId?: string
          error?: string
          beacon?: boolean
          status?: number
        }
        return { context, page, errors, posts, result }
      }

      /** The three calls landed once each on the member, the visitor's earlier ones folded in. */
      async function assertStoredOnce(user: string, anonymousId: string, events: StoredEvent[]) {
        assert.deepEqual(events.map((e) => e.type).sort(), ['identify', 'page', 'track'])
        assert.equal(new Set(events.map((e) => e.messageId)).size, 3, 'three distinct messages')
        assert.ok(events.every((e) => e.customerId === user && e.anonymousId === anonymousId))
        assert.equal(events.find((e) => e.type === 'track')?.event, 'Product Viewed')
        assert.equal(events.find((e) => e.type === 'page')?.name, 'Home')
        const member = await profileWhenProjected(user, anonymousId)
        assert.equal(member.body.profile.isMember, true)
        assert.equal(member.body.profile.email, `${user}@example.kr`)
        assert.equal(member.body.profile.eventsCount, 3)
        const visitor = await admin(`/api/v1/customers/${encodeURIComponent(`anon:${anonymousId}`)}`)
        assert.equal(visitor.status, 404, 'the anonymous visitor became the member')
      }

      it('page, track and identify, one request each to /v1/p, /v1/t and /v1/i, are stored once on the member', async () => {
        const visit1 = await visit(shop.origin, 'standard', 'member-standard')
        assert.equal(visit1.result.error, undefined)
        const anonymousId = visit1.result.anonymousId ?? ''
        assert.match(anonymousId, /^[0-9a-f-]{36}$/)
        assert.deepEqual(visit1.posts.sort(), ['/v1/i 200', '/v1/p 200', '/v1/t 200'], 'no call retried')
        assert.deepEqual(visit1.errors, [])
        await assertStoredOnce('member-standard', anonymousId, await eventsOf('member-standard'))
        await visit1.context.close()
      })

      it('with keepalive requests (deliveryStrategy standard, keepalive) the same calls are stored once', async () => {
        const visit2 = await visit(shop.origin, 'keepalive', 'member-keepalive')
        assert.equal(visit2.result.error, undefined)
        const events = await eventsWhenStored('member-keepalive', 3)
        await assertStoredOnce('member-keepalive', visit2.result.anonymousId ?? '', events)
        assert.deepEqual(visit2.errors, [])
        await visit2.context.close()
      })

      it('in batching mode the three calls go in one /v1/b request and are stored once', async () => {
        const visit3 = await visit(shop.origin, 'batching', 'member-batching')
        assert.equal(visit3.result.error, undefined)
        const events = await eventsWhenStored('member-batching', 3)
        await assertStoredOnce('member-batching', visit3.result.anonymousId ?? '', events)
        assert.deepEqual(visit3.posts, ['/v1/b 200'])
        assert.deepEqual(visit3.errors, [])
        await visit3.context.close()
      })

      it('a batch not yet full is sent with keepalive when the visitor leaves the page', async () => {
        const visit4 = await visit(shop.origin, 'unload', 'visitor-unload')
        assert.equal(visit4.result.error, undefined)
        assert.deepEqual(visit4.posts, [], 'nothing is sent while the batch waits')
        await visit4.page.goto(`${shop.origin}/bye`)
        const anonymousId = visit4.result.anonymousId ?? ''
        const events = await eventsWhenStored(`anon:${anonymousId}`, 2)
        assert.deepEqual(events.map((e) => e.type).sort(), ['page', 'track'])
        await visit4.context.close()
      })

      it('the write key in a text/plain body, by fetch and by beacon, as older analytics.js sends it', async () => {
        const visit5 = await visit(shop.origin, 'legacy', 'visitor-legacy')
        assert.deepEqual(visit5.result, { beacon: true, status: 200 })
        const events = await eventsWhenStored('anon:visitor-legacy', 2)
        assert.deepEqual(events.map((e) => e.messageId).sort(), [
          'visitor-legacy-page',
          'visitor-legacy-track',
        ])
        assert.deepEqual(visit5.errors, [])
        await visit5.context.close()
      })

      it('a page of an origin not in REEL_CORS_ORIGINS is refused and nothing of it is stored', async () => {
        const visit6 = await visit(stranger.origin, 'legacy', 'visitor-stranger')
        assert.match(visit6.result.error ?? '', /Failed to fetch/)
        // The fetch failed on Reel's answer, a 403 the page may not read: the post was refused, not pending.
        assert.deepEqual(await eventsOf('anon:visitor-stranger'), [])
        await visit6.context.close()
      })
    })
  }
})

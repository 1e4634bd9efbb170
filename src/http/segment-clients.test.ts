/**
 * The real Segment and RudderStack Node libraries, pointed at a listening Reel, deliver every
 * event exactly once: nothing lost, nothing stored twice, nothing quarantined.
 */
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { after, before, describe, test } from 'node:test'
import RudderAnalytics from '@rudderstack/rudder-sdk-node'
import { Analytics as SegmentAnalytics } from '@segment/analytics-node'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { engines, TEST_WRITE_KEY } from '../test-support/engines.js'
import { buildHttp } from './server.js'

const EVENTS = 10_000
const USERS = 400

/** One shopper's call, as a shop's backend would make it: identify, page or an E-commerce track. */
interface ShopCall {
  kind: 'identify' | 'page' | 'track'
  message: {
    messageId: string
    userId: string
    timestamp: Date
    event?: string
    name?: string
    traits?: Record<string, string>
    properties?: Record<string, string | number | { product_id: string; price: number; quantity: number }[]>
  }
}

function shopCall(source: string, i: number): ShopCall {
  const userId = `${source}-u-${i % USERS}`
  const messageId = `${source}-m-${i}`
  const timestamp = new Date(Date.UTC(2026, 9, 1) + i * 60_000)
  const product = `p-${i % 37}`
  switch (i % 6) {
    case 0:
      return {
        kind: 'identify',
        message: { messageId, userId, timestamp, traits: { email: `${userId}@shop.test` } },
      }
    case 1:
      return { kind: 'page', message: { messageId, userId, timestamp, name: 'Product detail' } }
    case 2:
      return {
        kind: 'track',
        message: {
          messageId,
          userId,
          timestamp,
          event: 'Product Viewed',
          properties: { product_id: product, price: 25 },
        },
      }
    case 3:
      return {
        kind: 'track',
        message: {
          messageId,
          userId,
          timestamp,
          event: 'Product Added',
          properties: { cart_id: `${userId}-cart`, product_id: product, price: 25, quantity: 1 },
        },
      }
    case 4:
      return {
        kind: 'track',
        message: {
          messageId,
          userId,
          timestamp,
          event: 'Order Completed',
          properties: {
            order_id: `${source}-o-${i}`,
            total: 25,
            currency: 'USD',
            products: [{ product_id: product, price: 25, quantity: 1 }],
          },
        },
      }
    default:
      return {
        kind: 'track',
        message: { messageId, userId, timestamp, event: 'Products Searched', properties: { query: 'coat' } },
      }
  }
}

interface Traffic {
  requests: number
  gzipped: number
  byStatus: Map<number, number>
}

/** Counts what reaches the socket, below Fastify: requests, gzip bodies and answers by status. */
function watchTraffic(app: FastifyInstance): Traffic {
  const traffic: Traffic = { requests: 0, gzipped: 0, byStatus: new Map() }
  app.server.on('request', (request: IncomingMessage, response) => {
    if (request.url !== '/v1/batch') return
    traffic.requests++
    if (request.headers['content-encoding'] === 'gzip') traffic.gzipped++
    response.once('finish', () =>
      traffic.byStatus.set(response.statusCode, (traffic.byStatus.get(response.statusCode) ?? 0) + 1),
    )
  })
  return traffic
}

const describeTraffic = (t: Traffic) =>
  `${t.requests} requests (${t.gzipped} gzip), answers ${JSON.stringify(Object.fromEntries(t.byStatus))}`

for (const engine of engines) {
  describe(`real Segment client libraries on ${engine.name}`, { skip: engine.skip }, () => {
    let reel: Reel
    let app: FastifyInstance
    let host: string
    let traffic: Traffic
    before(async () => {
      reel = await engine.start()
      app = await buildHttp(reel, { logger: false })
      traffic = watchTraffic(app)
      host = await app.listen({ port: 0, host: '127.0.0.1' })
    })
    after(async () => {
      await app?.close()
      await reel?.close()
    })

    /** Every message id stored under `source`, with how often; and the quarantine's size. */
    async function stored(source: string) {
      const db = reel.database.db
      const rows = await sql<{ message_id: string; n: number }>`
        select message_id, count(*)::int as n from events
        where message_id like ${`${source}-m-%`} group by message_id`.execute(db)
      const quarantined = await sql<{ n: number }>`select count(*)::int as n from quarantine`.execute(db)
      return { rows: rows.rows, quarantined: quarantined.rows[0]?.n ?? -1 }
    }

    async function assertExactlyOnce(source: string) {
      const { rows, quarantined } = await stored(source)
      const twice = rows.filter((r) => r.n !== 1)
      assert.equal(twice.length, 0, `stored more than once: ${JSON.stringify(twice.slice(0, 5))}`)
      const ids = new Set(rows.map((r) => r.message_id))
      const missing: string[] = []
      for (let i = 0; i < EVENTS; i++) if (!ids.has(`${source}-m-${i}`)) missing.push(`${source}-m-${i}`)
      assert.equal(
        missing.length,
        0,
        `${missing.length} never stored, e.g. ${missing.slice(0, 5).join(', ')}`,
      )
      assert.equal(rows.length, EVENTS, 'no other ids under this source')
      assert.equal(quarantined, 0, 'nothing quarantined')
      // The orders are the projector's, behind the log: project what the clients were acknowledged for.
      await reel.projector.catchUp()
      const orders = await sql<{ n: number }>`
        select count(*)::int as n from orders where order_id like ${`${source}-o-%`} and completed_at is not null`.execute(
        reel.database.db,
      )
      assert.equal(orders.rows[0]?.n, Math.ceil((EVENTS - 4) / 6), 'every Order Completed made one order')
    }

    test('@segment/analytics-node: 10,000 events arrive, each stored once', async () => {
      const before = traffic.requests
      const segment = new SegmentAnalytics({
        writeKey: TEST_WRITE_KEY,
        host,
        path: '/v1/batch',
        flushAt: 100,
        flushInterval: 200,
        maxRetries: 5,
      })
      const failures: string[] = []
      let acknowledged = 0
      segment.on('error', (error) => failures.push(String(error.reason ?? error.code)))
      const delivered = (error?: unknown) => {
        acknowledged++
        if (error) failures.push(String(error))
      }
      for (let i = 0; i < EVENTS; i++) {
        const { kind, message } = shopCall('seg', i)
        if (kind === 'identify') segment.identify(message, delivered)
        else if (kind === 'page') segment.page(message, delivered)
        else segment.track({ ...message, event: message.event ?? '' }, delivered)
      }
      await segment.closeAndFlush({ timeout: 45_000 })
      assert.equal(acknowledged, EVENTS, 'the client called back for every event')
      assert.equal(
        failures.length,
        0,
        `the client saw ${failures.length} failures, e.g. ${failures.slice(0, 2).join('; ')}; ${describeTraffic(traffic)}`,
      )
      assert.ok(traffic.requests - before >= EVENTS / 100, `batches were sent: ${describeTraffic(traffic)}`)
      await assertExactlyOnce('seg')
    })

    test('@rudderstack/rudder-sdk-node with gzip: 10,000 events arrive, each stored once', async () => {
      const before = { requests: traffic.requests, gzipped: traffic.gzipped }
      const failures: string[] = []
      let acknowledged = 0
      const delivered = (error?: unknown) => {
        acknowledged++
        if (error) failures.push(String(error))
      }
      const rudder = new RudderAnalytics(TEST_WRITE_KEY, {
        dataPlaneUrl: host,
        flushAt: 100,
        flushInterval: 100,
        gzip: true,
        logLevel: 'none', // failures reach errorHandler and the callbacks
        retryCount: 5,
        errorHandler: (error) => failures.push(String(error?.message ?? error)),
      })
      const ackedAtLeast = async (count: number, deadline: number) => {
        while (acknowledged < count) {
          assert.ok(Date.now() < deadline, `only ${acknowledged} of ${count} acknowledged in time`)
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
      }
      const deadline = Date.now() + 45_000
      for (let i = 0; i < EVENTS; i++) {
        const { kind, message } = shopCall('rud', i)
        if (kind === 'identify') rudder.identify(message, delivered)
        else if (kind === 'page') rudder.page(message, delivered)
        else rudder.track({ ...message, event: message.event ?? '' }, delivered)
        // A shop's backend sends as things happen, not 10,000 calls in one tick: rudder sums the size
        // of its whole queue on every call, so a long queue costs quadratic time in the client.
        if (i % 100 === 99) await ackedAtLeast(i + 1 - 200, deadline)
      }
      await rudder.flush()
      await ackedAtLeast(EVENTS, deadline)
      assert.equal(
        failures.length,
        0,
        `the client saw ${failures.length} failures, e.g. ${failures.slice(0, 2).join('; ')}; ${describeTraffic(traffic)}`,
      )
      const requests = traffic.requests - before.requests
      assert.ok(requests >= EVENTS / 100, `batches were sent: ${describeTraffic(traffic)}`)
      assert.equal(traffic.gzipped - before.gzipped, requests, 'every request body was gzip')
      await assertExactlyOnce('rud')
    })
  })
}

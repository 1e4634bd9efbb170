import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { CHANNEL_NAMES, OUTBOX_STATES } from '../channels/index.js'
import { PARTS } from '../events/index.js'
import { basicAuth, bearer, engines, TEST_ADMIN_TOKEN } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'
import { buildHttp } from './server.js'

const METRICS_TOKEN = 'metrics-token-0123456789'

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** Prometheus' text format as prom-client writes it: `name{label="value",…} number`, `#` lines aside. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/)
    assert.ok(match, `a sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[key as string] = value as string
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) })
  }
  return samples
}

const withName = (samples: Sample[], name: string) => samples.filter((s) => s.name === name)
/** The one sample of `name` (with these labels), or 0 when the counter has not been touched. */
const sampleValue = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  withName(samples, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0

const viewed = (id: string, userId = 'u-1') => ({
  type: 'track',
  messageId: `m-${id}`,
  userId,
  event: 'Product Viewed',
  properties: { product_id: 'p1' },
})
/** No userId nor anonymousId: quarantined. */
const nobody = (id: string) => ({
  type: 'track',
  messageId: `m-${id}`,
  event: 'Product Viewed',
  properties: {},
})

async function postBatch(app: FastifyInstance, batch: unknown[]) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { authorization: basicAuth(), 'content-type': 'application/json' },
    payload: { batch },
  })
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as { accepted: number; duplicates: number; quarantined: unknown[] }
}

async function scrape(app: FastifyInstance, token = METRICS_TOKEN): Promise<Sample[]> {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: bearer(token) } })
  assert.equal(res.statusCode, 200, res.body)
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/)
  return parseMetrics(res.body)
}

for (const engine of engines) {
  describe(`metrics and readiness on ${engine.name}`, { skip: engine.skip }, () => {
    const shop = httpOnEngine(engine, { env: { REEL_METRICS_TOKEN: METRICS_TOKEN } })

    test('/metrics refuses a request without the admin token or the metrics token, with the usual error', async () => {
      for (const authorization of [
        undefined,
        bearer('not-the-metrics-token-at-all'),
        basicAuth(),
        'Bearer',
      ]) {
        const res = await shop.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: authorization ? { authorization } : {},
        })
        assert.equal(res.statusCode, 401, `${authorization}: ${res.body}`)
        assert.equal(res.json().error.code, 'REEL_ERR_UNAUTHORIZED')
        assert.doesNotMatch(res.body, /reel_events/)
      }
    })

    test('REEL_METRICS_TOKEN and the admin token both read the metrics', async () => {
      assert.ok(withName(await scrape(shop.app, METRICS_TOKEN), 'reel_events_accepted_total').length === 1)
      assert.ok(withName(await scrape(shop.app, TEST_ADMIN_TOKEN), 'reel_events_accepted_total').length === 1)
      const lower = await shop.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `bearer ${METRICS_TOKEN}` },
      })
      assert.equal(lower.statusCode, 200, 'the scheme is case-insensitive')
      assert.equal(lower.headers['cache-control'], 'no-store')
    })

    test('the accepted counter grows by exactly what a batch stored, duplicates and quarantine aside', async () => {
      const before = await scrape(shop.app)
      const first = await postBatch(shop.app, [viewed('a-1'), viewed('a-2'), viewed('a-3'), nobody('a-bad')])
      assert.equal(first.accepted, 3)
      const again = await postBatch(shop.app, [viewed('a-1'), viewed('a-4')])
      assert.deepEqual([again.accepted, again.duplicates], [1, 1])
      const single = await shop.app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { authorization: basicAuth(), 'content-type': 'application/json' },
        payload: viewed('a-5'),
      })
      assert.equal(single.json().accepted, 1)
      const now = await scrape(shop.app)
      const grew = (name: string) => sampleValue(now, name) - sampleValue(before, name)
      assert.equal(grew('reel_events_accepted_total'), 3 + 1 + 1)
      assert.equal(grew('reel_events_duplicates_total'), 1)
      assert.equal(grew('reel_events_quarantined_total'), 1)
    })

    test('a bad event counts as quarantined, not accepted', async () => {
      const before = await scrape(shop.app)
      const result = await postBatch(shop.app, [nobody('q-1'), nobody('q-2')])
      assert.deepEqual([result.accepted, result.quarantined.length], [0, 2])
      const now = await scrape(shop.app)
      assert.equal(
        sampleValue(now, 'reel_events_quarantined_total') -
          sampleValue(before, 'reel_events_quarantined_total'),
        2,
      )
      assert.equal(
        sampleValue(now, 'reel_events_accepted_total'),
        sampleValue(before, 'reel_events_accepted_total'),
      )
    })

    test('projector lag in events and seconds for every projector and partition', async () => {
      const samples = await scrape(shop.app)
      for (const name of ['reel_projector_lag_events', 'reel_projector_lag_seconds']) {
        const lag = withName(samples, name)
        for (const projector of ['state', 'reactions'])
          for (let part = 0; part < PARTS; part++) {
            const found = lag.filter(
              (s) => s.labels.projector === projector && s.labels.partition === `${part}`,
            )
            assert.equal(found.length, 1, `${name} of ${projector} on partition ${part}`)
            assert.ok((found[0]?.value ?? -1) >= 0)
          }
        assert.equal(lag.length, 2 * PARTS)
      }
    })

    test('outbox depth by channel and state, the database pool and the process', async () => {
      await shop.reel.channels.enqueue(shop.reel.database.db, [
        {
          idempotencyKey: `metrics-test:${engine.name}`,
          channel: 'webhook',
          customerId: 'u-1',
          messageType: 'order_updates',
          to: 'u-1',
          subject: null,
          text: 'It shipped.',
          html: null,
          unsubscribeUrl: null,
          metadata: {},
        },
      ])
      const samples = await scrape(shop.app)
      for (const channel of CHANNEL_NAMES)
        for (const state of OUTBOX_STATES)
          assert.ok(
            withName(samples, 'reel_outbox_messages').some(
              (s) => s.labels.channel === channel && s.labels.state === state,
            ),
            `${channel} ${state}`,
          )
      assert.equal(sampleValue(samples, 'reel_outbox_messages', { channel: 'webhook', state: 'pending' }), 1)
      const poolSize = sampleValue(samples, 'reel_db_pool_max_connections', { engine: engine.name })
      assert.equal(poolSize, engine.name === 'embedded' ? 8 : 16)
      assert.ok(sampleValue(samples, 'reel_db_pool_connections', { engine: engine.name }) >= 1)
      assert.equal(withName(samples, 'reel_db_pool_waiting_queries').length, 1)
      assert.ok(sampleValue(samples, 'process_resident_memory_bytes') > 0, 'default process metrics')
      assert.ok(withName(samples, 'nodejs_eventloop_lag_seconds').length === 1)
    })

    test('each campaign round is timed', async () => {
      const before = sampleValue(await scrape(shop.app), 'reel_campaign_round_seconds_count', {
        outcome: 'ok',
      })
      await shop.reel.campaigns.runOnce()
      const samples = await scrape(shop.app)
      assert.equal(sampleValue(samples, 'reel_campaign_round_seconds_count', { outcome: 'ok' }), before + 1)
      assert.ok(
        withName(samples, 'reel_campaign_round_seconds_bucket').some((s) => s.labels.le === '+Inf'),
        'a histogram with buckets',
      )
    })

    test('/ready is 200 on a shop whose projectors are caught up, without credentials and without data', async () => {
      await shop.reel.projector.catchUp()
      const res = await shop.app.inject({ method: 'GET', url: '/ready' })
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual(res.json(), { ready: true })
      assert.equal(res.headers['cache-control'], 'no-store')
      const health = await shop.app.inject({ method: 'GET', url: '/health' })
      assert.deepEqual([health.statusCode, health.json()], [200, { ok: true }], '/health is unchanged')
    })
  })

  describe(`readiness behind the log on ${engine.name}`, { skip: engine.skip }, () => {
    // No projector worker: what the tracking API stores stays unprojected until the test catches up.
    let reel: Reel
    let app: FastifyInstance
    before(async () => {
      reel = await engine.start({ env: { REEL_READY_MAX_LAG_EVENTS: '0' } })
      app = await buildHttp(reel, { logger: false })
    })
    after(async () => {
      await app?.close()
      await reel?.close()
    })

    test('/ready is 503 with the reason while events wait for the projectors, 200 once they are projected', async () => {
      assert.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200, 'a fresh shop')
      const stored = await postBatch(app, [viewed('l-1', 'u-1'), viewed('l-2', 'u-2'), viewed('l-3', 'u-3')])
      const behind = await app.inject({ method: 'GET', url: '/ready' })
      assert.equal(behind.statusCode, 503, behind.body)
      assert.equal(behind.json().ready, false)
      assert.match(behind.json().reason, /REEL_READY_MAX_LAG_EVENTS \(0\)/)
      // This Reel's registry is its own: the other suite's events are not counted here.
      const samples = await scrape(app, TEST_ADMIN_TOKEN)
      assert.equal(sampleValue(samples, 'reel_events_accepted_total'), stored.accepted)
      const lagged = withName(samples, 'reel_projector_lag_events').filter(
        (s) => s.labels.projector === 'state',
      )
      assert.equal(
        lagged.reduce((sum, s) => sum + s.value, 0),
        3,
        'the state projector is behind by the three events',
      )
      await reel.projector.catchUp()
      const caughtUp = await app.inject({ method: 'GET', url: '/ready' })
      assert.equal(caughtUp.statusCode, 200, caughtUp.body)
      const after = await scrape(app, TEST_ADMIN_TOKEN)
      assert.equal(Math.max(...withName(after, 'reel_projector_lag_events').map((s) => s.value)), 0)
    })
  })
}

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { describe } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { lastEventAt } from '../events/index.js'
import { buildHttp } from '../http/server.js'
import { runImport } from '../imports/index.js'
import { dataTest } from '../imports/test-support.js'
import { bearer, engines, TEST_ADMIN_TOKEN, TEST_WRITE_KEY } from '../test-support/engines.js'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

for (const engine of engines) {
  describe(`the radar over the Olist sample (${engine.name})`, { skip: engine.skip }, () => {
    dataTest(
      'shows the 17 unavailable orders as out_of_stock and one negative_review per review of 1 or 2 stars (591)',
      'olist_sample_4000',
      async (path) => {
        const reel = await engine.start({ keepData: false })
        const app = await buildHttp(reel, { logger: false })
        try {
          await runImport({ format: 'olist', path }, reel.ingestor)
          // As `reel import` does: the history is evaluated as of its last event.
          const asOf = (await lastEventAt(reel.database.db)) ?? new Date()
          await reel.radar.fireDue(asOf)

          const get = async (url: string) => {
            const res = await app.inject({ url, headers: { authorization: bearer() } })
            assert.equal(res.statusCode, 200, res.body)
            return res.json()
          }
          const summary = await get(`/api/v1/radar/summary?asOf=${asOf.toISOString()}`)
          const total = (kind: string) => {
            const k = summary.kinds.find((x: { kind: string }) => x.kind === kind)
            return k.open + k.contacted + k.wonBack + k.lapsed
          }
          assert.equal(total('out_of_stock'), 17)
          assert.equal(total('negative_review'), 591)

          const outOfStock = await get(
            `/api/v1/signals?kind=out_of_stock&asOf=${asOf.toISOString()}&limit=100`,
          )
          assert.equal(outOfStock.signals.length, 17)
          for (const s of outOfStock.signals) {
            assert.equal(s.currency, 'BRL')
            assert.ok(s.valueAtStake > 0, 'an unavailable order is valued at its payment')
            assert.equal(s.evidence.length, 2, 'the payment and the cancellation')
          }
          // Olist reviews rate the order: one signal per review (review ids repeat across orders).
          const reviews = await get(
            `/api/v1/signals?kind=negative_review&asOf=${asOf.toISOString()}&limit=1000`,
          )
          assert.equal(
            new Set(reviews.signals.map((s: { key: string }) => s.key)).size,
            reviews.signals.length,
          )

          const customer = outOfStock.signals[0].customerId
          const profile = await get(`/api/v1/customers/${encodeURIComponent(customer)}`)
          assert.ok(profile.signals.some((s: { kind: string }) => s.kind === 'out_of_stock'))
          assert.ok(profile.timeline.length > 0)

          // The CLI shares the running database and prints the same.
          const env = {
            ...process.env,
            REEL_LOG_LEVEL: 'silent',
            REEL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
            REEL_WRITE_KEY: TEST_WRITE_KEY,
            ...(reel.config.databaseUrl
              ? { REEL_DATABASE_URL: reel.config.databaseUrl }
              : { REEL_DATA_DIR: reel.config.dataDir }),
          }
          const { stdout } = await promisify(execFile)(
            process.execPath,
            [
              '--import',
              'tsx',
              'src/cli/main.ts',
              'radar',
              '--kind',
              'out_of_stock',
              '--as-of',
              asOf.toISOString(),
              '--json',
            ],
            { cwd: REPO_ROOT, env },
          )
          const printed = JSON.parse(stdout)
          assert.equal(printed.summary.length, 1)
          assert.equal(printed.signals.length, 17)

          const recomputed = await reel.radar.recompute({ asOf })
          assert.equal(recomputed.retracted, 0)
          const again = await get(`/api/v1/radar/summary?asOf=${asOf.toISOString()}`)
          assert.deepEqual(again, summary)
        } finally {
          await app.close()
          await reel.close()
        }
      },
    )
  })
}

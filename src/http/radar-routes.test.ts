import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { runDemo } from '../demo/index.js'
import { bearer, engines } from '../test-support/engines.js'
import { buildHttp } from './server.js'

const ASOF = '2026-11-01T00:00:00.000Z'

interface Signal {
  id: number
  kind: string
  customerId: string
  key: string
  at: string
  state: string
  wonAt: string | null
  wonByOrder: string | null
}

for (const engine of engines) {
  describe(`radar API (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let app: FastifyInstance
    let dir: string
    const get = async (url: string, token = bearer()) => {
      const res = await app.inject({ url, headers: { authorization: token } })
      return { status: res.statusCode, body: res.json() }
    }
    const pages = async (query: string) => {
      const all: Signal[] = []
      let cursor = ''
      for (;;) {
        const { status, body } = await get(`/api/v1/signals?${query}&limit=7${cursor}`)
        assert.equal(status, 200, JSON.stringify(body))
        all.push(...body.signals)
        if (!body.next) return all
        cursor = `&cursor=${body.next}`
      }
    }

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'reel-radar-api-'))
      reel = await engine.start({ clock: () => new Date(ASOF) })
      app = await buildHttp(reel, { logger: false })
      await runDemo(
        { customers: 150, days: 400, seed: 5, end: new Date(ASOF), truthPath: join(dir, 't.json') },
        reel.ingestor,
      )
      await reel.radar.fireDue()
    })
    after(async () => {
      await app.close()
      await reel.close()
      await rm(dir, { recursive: true, force: true })
    })

    it('needs the admin token', async () => {
      assert.equal((await get('/api/v1/signals', 'Bearer wrong-token-wrong-token')).status, 401)
      assert.equal((await get('/api/v1/radar/summary', '')).status, 401)
    })

    it('pages through every signal once, newest first, and filters by kind, state, customer and time', async () => {
      const all = await pages(`asOf=${ASOF}`)
      assert.ok(all.length > 20)
      assert.equal(new Set(all.map((s) => s.id)).size, all.length, 'no signal on two pages')
      const times = all.map((s) => s.at)
      assert.deepEqual(times, [...times].sort().reverse())

      const carts = await pages(`kind=cart_abandoned&asOf=${ASOF}`)
      assert.deepEqual(
        carts.map((s) => s.id),
        all.filter((s) => s.kind === 'cart_abandoned').map((s) => s.id),
      )
      const won = await pages(`state=won_back&asOf=${ASOF}`)
      assert.ok(won.length > 0 && won.every((s) => s.wonAt !== null && s.wonAt > s.at))
      const lapsed = await pages(`state=lapsed&asOf=${ASOF}`)
      const monthMs = 30 * 86_400_000
      assert.ok(lapsed.length > 0, 'a year of history holds lapsed signals')
      for (const s of lapsed) {
        assert.equal(s.wonAt, null, `lapsed ${s.id} was won back`)
        assert.ok(Date.parse(s.at) + monthMs < Date.parse(ASOF), `lapsed ${s.id} is still inside its month`)
      }
      const customer = all[0]?.customerId ?? ''
      const mine = await pages(`customer=${customer}&asOf=${ASOF}`)
      assert.deepEqual(
        mine.map((s) => s.id),
        all.filter((s) => s.customerId === customer).map((s) => s.id),
      )
      const since = '2026-06-01T00:00:00Z'
      const until = '2026-07-01T00:00:00Z'
      const june = await pages(`since=${since}&until=${until}&asOf=${ASOF}`)
      assert.deepEqual(
        june.map((s) => s.id),
        all.filter((s) => s.at >= '2026-06-01' && s.at < '2026-07-01').map((s) => s.id),
      )
    })

    it('shows the radar as it stood at an earlier time', async () => {
      const earlier = '2026-03-01T00:00:00.000Z'
      const then = await pages(`asOf=${earlier}`)
      assert.ok(then.length > 0 && then.every((s) => s.at <= earlier))
      assert.ok(
        then.every((s) => s.wonAt === null || s.wonAt <= earlier),
        'no win from after that time',
      )
    })

    it('sums open signals, value at stake and won-back rate per kind, with a weekly trend', async () => {
      const { status, body } = await get(`/api/v1/radar/summary?asOf=${ASOF}&weeks=8`)
      assert.equal(status, 200)
      const all = await pages(`asOf=${ASOF}`)
      for (const k of body.kinds) {
        const mine = all.filter((s) => s.kind === k.kind)
        assert.equal(k.open + k.contacted + k.wonBack + k.lapsed, mine.length, k.kind)
        assert.equal(k.wonBack, mine.filter((s) => s.state === 'won_back').length)
        if (k.wonBack + k.lapsed > 0) assert.equal(k.wonBackRate, k.wonBack / (k.wonBack + k.lapsed))
        assert.ok(k.trend.length <= 9)
        for (const w of k.trend) assert.ok(w.week >= '2026-08-31', `week ${w.week} is inside the 8 weeks`)
      }
      const carts = body.kinds.find((k: { kind: string }) => k.kind === 'cart_abandoned')
      assert.ok(carts.trend.reduce((n: number, w: { raised: number }) => n + w.raised, 0) > 0)
    })

    it('rejects a bad kind, state, time or cursor with a message that names it', async () => {
      for (const [query, field] of [
        ['kind=lost', 'kind'],
        ['state=gone', 'state'],
        ['since=yesterday', 'since'],
        ['cursor=nonsense', 'cursor'],
        ['limit=0', 'limit'],
      ] as const) {
        const { status, body } = await get(`/api/v1/signals?${query}`)
        assert.equal(status, 400, query)
        assert.match(body.error.message, new RegExp(field), query)
      }
    })

    it('shows a customer with their signals and latest events, newest first', async () => {
      const [signal] = (await get(`/api/v1/signals?kind=cart_abandoned&asOf=${ASOF}&limit=1`)).body.signals
      const { status, body } = await get(`/api/v1/customers/${signal.customerId}`)
      assert.equal(status, 200)
      assert.ok(body.signals.some((s: Signal) => s.id === signal.id))
      const times = body.timeline.map((e: { timestamp: string }) => e.timestamp)
      assert.deepEqual(times, [...times].sort().reverse())
      assert.ok(body.timeline.every((e: { customerId: string }) => e.customerId === signal.customerId))
    })
  })
}

/**
 * The demo leaves coupon gifts in the shop, so the Coupons page shows viral figures and gift chains; a second
 * run finds what the first made and adds nothing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'
import { DEMO_GIFT_TEMPLATE, runDemo, seedDemoGifts } from './index.js'

const END = new Date('2026-11-01T00:00:00.000Z')
// The gifts are sent after the shop's end, as `reel demo` sends them.
const NOW = new Date(END.getTime() + 60_000)
const WINDOW = { from: new Date(END.getTime() - 86_400_000), to: new Date(NOW.getTime() + 1) }

for (const engine of engines) {
  describe(`the demo's coupon gifts (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let dir: string
    const seed = (asOf: string) =>
      seedDemoGifts({ db: reel.database.db, coupons: reel.coupons, seed: 5, asOf: new Date(asOf) })
    let asOf: string
    let made: Awaited<ReturnType<typeof seed>>

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'reel-demo-gifts-'))
      reel = await engine.start({ clock: () => NOW })
      const options = { customers: 300, days: 60, seed: 5, end: END, truthPath: join(dir, 'truth.json') }
      asOf = (await runDemo(options, reel.ingestor)).asOf
    })
    after(async () => {
      await reel.close()
      await rm(dir, { recursive: true, force: true })
    })

    it('gives coupons that spread: claimed, several hops deep, newcomers joining, some spent', async () => {
      made = await seed(asOf)
      const { total } = await reel.coupons.viral(WINDOW)
      assert.equal(total.giftsSent, made.gifted)
      assert.equal(total.claimed, made.claimed)
      assert.equal(total.declined, made.declined)
      assert.equal(total.pending, made.pending)
      assert.ok(total.declined > 0 && total.pending > 0, 'declined and pending gifts')
      assert.ok(made.viaLink >= 2, `claimed by link: ${made.viaLink}`)
      assert.equal(total.signUps, made.viaLink)
      assert.ok(total.kFactor !== null && total.kFactor > 0, `K-factor ${total.kFactor}`)
      assert.ok(total.giftedOrders > 0, 'orders with a gifted coupon')
      assert.equal(total.revenue[0]?.currency, 'KRW')

      const templates = await reel.coupons.listTemplates()
      const template = templates.find((t) => t.name === DEMO_GIFT_TEMPLATE.name)
      assert.ok(template?.giftable)
      const figures = (await reel.coupons.templateFigures()).find((f) => f.templateId === template.id)
      assert.equal(figures?.issued, made.issued)

      // Somebody's gift travelled at least two hops: their receiver gave it on.
      const givers = new Set((await reel.coupons.listGifts({ limit: 500 })).map((g) => g.giverId))
      let deepest = 0
      for (const giver of givers) {
        const chain = await reel.coupons.chain(giver)
        for (const g of chain.gifts) deepest = Math.max(deepest, g.depth)
      }
      assert.ok(deepest >= 2, `deepest chain ${deepest}`)
      assert.deepEqual((await reel.coupons.audit()).violations, [])
    })

    it('run again, it finds the template, the coupons and the gifts, and adds nothing', async () => {
      const before = await reel.coupons.viral(WINDOW)
      // What the first run made is reported again, as the shop holds it.
      assert.deepEqual(await seed(asOf), made)
      assert.deepEqual(await reel.coupons.viral(WINDOW), before)
      const named = (await reel.coupons.listTemplates()).filter((t) => t.name === DEMO_GIFT_TEMPLATE.name)
      assert.equal(named.length, 1)
    })
  })
}

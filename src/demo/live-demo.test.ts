/**
 * `reel demo` ends its shop now (the Reel's clock), so a new user sees open signals and the starter campaigns
 * find customers; the end is remembered, so running it again changes nothing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it, mock } from 'node:test'
import { Command } from 'commander'
import type { Reel } from '../app.js'
import { registerDemo } from '../cli/demo-command.js'
import { engines } from '../test-support/engines.js'

// Years after the library's fixed default end (2026-11-01), in the middle of a day.
const NOW = new Date('2031-03-15T04:45:12.345Z')

for (const engine of engines) {
  describe(`reel demo ends now (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let dir: string
    let now = NOW
    let gifts: Record<string, number> = {}
    /** Runs `reel demo ARGS` against the test's Reel; its printed summary. */
    const demo = async (...args: string[]) => {
      const program = new Command().exitOverride()
      registerDemo(program, (run) => run(reel))
      const printed = mock.method(console, 'log', () => {})
      try {
        await program.parseAsync(['demo', '--customers', '300', '--days', '400', ...args], { from: 'user' })
      } finally {
        printed.mock.restore()
      }
      return JSON.parse(String(printed.mock.calls.at(-1)?.arguments[0])) as {
        asOf: string
        events: number
        accepted: number
        duplicates: number
        gifts: Record<string, number>
      }
    }
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'reel-live-demo-'))
      reel = await engine.start({ clock: () => now, env: { REEL_CAMPAIGN_SIGNAL_LAG_MS: '0' } })
    })
    after(async () => {
      await reel.close()
      await rm(dir, { recursive: true, force: true })
    })

    it('without --end the shop ends at the current time, and its signals are open', async () => {
      const truthPath = join(dir, 'truth.json')
      const summary = await demo('--truth', truthPath)
      gifts = summary.gifts
      assert.equal(summary.asOf, NOW.toISOString())
      const { total } = await reel.coupons.viral({ from: NOW, to: new Date(NOW.getTime() + 1) })
      assert.deepEqual(
        [total.giftsSent, total.claimed, total.signUps],
        [gifts.gifted, gifts.claimed, gifts.viaLink],
      )
      assert.ok(total.claimed > 0 && total.signUps > 0, 'claimed gifts and newcomers')
      assert.equal(JSON.parse(await readFile(truthPath, 'utf8')).asOf, NOW.toISOString())
      const kinds = await reel.radar.summary({ asOf: NOW })
      const open = (kind: string) => kinds.find((k) => k.kind === kind)?.open ?? 0
      for (const kind of ['cart_abandoned', 'dormant_soon'])
        assert.ok(open(kind) > 0, `open ${kind}: ${open(kind)}`)
      // Signals recent enough for the starter campaigns' triggers (a campaign takes a signal at most
      // `maxAgeHours` old): resumed, they find customers to write to.
      const recent = []
      for (const c of await reel.campaigns.list()) {
        if (c.trigger.type !== 'signal') continue
        const since = new Date(NOW.getTime() - c.trigger.maxAgeHours * 3_600_000)
        const page = await reel.radar.listSignals({
          kind: c.trigger.kind,
          state: 'open',
          since,
          asOf: NOW,
          limit: 100,
        })
        recent.push(...page.signals)
      }
      assert.ok(recent.length > 0, 'open signals within the starters’ reach')
    })

    it('run again later, the demo keeps its end: nothing new is ingested', async () => {
      now = new Date(NOW.getTime() + 3 * 86_400_000)
      const again = await demo('--truth', join(dir, 'again.json'))
      assert.equal(again.asOf, NOW.toISOString())
      assert.deepEqual([again.accepted, again.duplicates], [0, again.events])
      assert.deepEqual(again.gifts, gifts)
      assert.equal(
        await readFile(join(dir, 'again.json'), 'utf8'),
        await readFile(join(dir, 'truth.json'), 'utf8'),
      )
      await assert.rejects(
        demo('--truth', join(dir, 'other.json'), '--end', '2030-01-01T00:00:00Z'),
        /already holds the demo shop of seed 1, ending at 2031-03-15T04:45:12.345Z/,
      )
    })
  })
}

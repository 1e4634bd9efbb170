import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Reel } from '../app.js'
import { type GroundTruth, runDemo, RADAR_KINDS as TRUTH_KINDS } from '../demo/index.js'
import { engines } from '../test-support/engines.js'
import type { SignalView } from './index.js'
import { allSignals } from './test-support.js'

const ASOF = new Date('2026-11-01T00:00:00.000Z')

const identity = (s: { kind: string; customerId: string; key: string; at: string }) =>
  `${s.kind} ${s.customerId} ${s.key} ${s.at}`

/** Precision and recall of the radar's signals against the truth, kind by kind, with the first misses. */
function compare(signals: SignalView[], truth: GroundTruth) {
  return TRUTH_KINDS.filter((k) => k !== 'coupon_expiring_unused').map((kind) => {
    const found = new Set(signals.filter((s) => s.kind === kind).map(identity))
    const expected = new Set(truth.kinds[kind].map((t) => identity({ kind, ...t })))
    const hits = [...found].filter((f) => expected.has(f)).length
    return {
      kind,
      found: found.size,
      expected: expected.size,
      precision: found.size === 0 ? 1 : hits / found.size,
      recall: expected.size === 0 ? 1 : hits / expected.size,
      extra: [...found].filter((f) => !expected.has(f)).slice(0, 3),
      missed: [...expected].filter((e) => !found.has(e)).slice(0, 3),
    }
  })
}

for (const engine of engines) {
  describe(`radar on the demo shop (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let dir: string
    let truth: GroundTruth
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'reel-radar-'))
      reel = await engine.start({ clock: () => ASOF, keepData: true })
      const truthPath = join(dir, 'truth.json')
      await runDemo({ customers: 300, days: 400, seed: 1, end: ASOF, truthPath }, reel.ingestor)
      truth = JSON.parse(await readFile(truthPath, 'utf8')) as GroundTruth
    })
    after(async () => {
      await reel.close()
      await rm(dir, { recursive: true, force: true })
    })

    it('finds every missed customer of the ground truth live, and nothing else', async () => {
      await reel.radar.fireDue(ASOF)
      const result = compare(await allSignals(reel, ASOF), truth)
      for (const r of result) {
        // 300 people over 400 days hold every kind (28 dormant_soon, 16 dormant with seed 1): none is exempt.
        assert.ok(r.expected > 0, `the demo should hold some ${r.kind}`)
        assert.deepEqual(
          { precision: r.precision, recall: r.recall },
          { precision: 1, recall: 1 },
          `${r.kind}: ${r.found} found, ${r.expected} expected; extra ${r.extra.join('; ')}; missed ${r.missed.join('; ')}`,
        )
      }
    })

    it('gives the same signals, ids and outcomes again on a recompute from the log', async () => {
      const live = await allSignals(reel, ASOF)
      const summary = await reel.radar.recompute({ asOf: ASOF })
      assert.equal(summary.retracted, 0)
      assert.equal(summary.signals, live.length)
      const again = await allSignals(reel, ASOF)
      const strip = (s: SignalView) => ({ ...s, detectedAt: '' })
      assert.deepEqual(again.map(strip), live.map(strip))
    })

    it('keeps pending timers across a restart: they fire after it', async () => {
      await reel.close()
      reel = await engine.restart(reel, { clock: () => ASOF, keepData: false })
      const before = (await allSignals(reel, ASOF)).length
      // Move a year on: every member with an order and no later activity goes dormant.
      const later = new Date(ASOF.getTime() + 400 * 86_400_000)
      await reel.radar.fireDue(later)
      const dormant = (await allSignals(reel, later)).filter((s) => s.kind === 'dormant')
      assert.ok(dormant.length > truth.counts.dormant, 'the silence timers stored before the restart fired')
      assert.ok((await allSignals(reel, later)).length > before)
    })
  })
}

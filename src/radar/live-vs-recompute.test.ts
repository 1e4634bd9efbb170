import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import type { RawMessage, StoredEvent } from '../events/index.js'
import { engines } from '../test-support/engines.js'
import { DAY, random, randomStream } from './detectors/fixtures.js'
import type { SignalView } from './index.js'
import { allSignals } from './test-support.js'

/** A stored event of the fixtures as the shop would send it (anonymous ones with the browser id only). */
function toMessage(e: StoredEvent): RawMessage {
  return {
    type: e.type,
    ...(e.event ? { event: e.event } : {}),
    ...(e.userId ? { userId: e.userId } : { anonymousId: e.anonymousId }),
    messageId: e.messageId,
    timestamp: e.occurredAt.toISOString(),
    properties: e.properties,
  }
}

/** Well after every random history (they start in 2026 and span at most a few years): dormancy has come. */
const AS_OF = new Date('2035-01-01T00:00:00Z')

/**
 * Random histories of many members, each with an anonymous browser that an identify ties to the member
 * at a random moment (so earlier anonymous carts and visits are merged into the member's history).
 */
function scenario(seed: number, customers: number): RawMessage[] {
  const next = random(seed)
  const messages: Array<RawMessage & { timestamp: string }> = []
  for (let c = 1; c <= customers; c++) {
    const member = `member-${seed}-${c}`
    const browser = `browser-${seed}-${c}`
    const { events } = randomStream(seed * 1000 + c, member, browser)
    for (const e of events) {
      const m = toMessage(e)
      messages.push({ ...m, messageId: `${seed}-${c}-${e.messageId}`, timestamp: e.occurredAt.toISOString() })
    }
    const linkAt = events[Math.floor(next() * events.length)]?.occurredAt ?? new Date(0)
    messages.push({
      type: 'identify',
      userId: member,
      anonymousId: browser,
      messageId: `${seed}-${c}-identify`,
      timestamp: linkAt.toISOString(),
    })
  }
  messages.sort((a, b) => a.timestamp.localeCompare(b.timestamp))
  return messages
}

/**
 * Sends the messages as a shop would over a flaky network: batches of random size, some events late
 * (after later ones), some resent, with the timer worker ticking at random times in between.
 */
async function sendLive(reel: Reel, messages: RawMessage[], seed: number): Promise<void> {
  const next = random(seed ^ 0x2545f491)
  const queue = [...messages]
  const late: RawMessage[] = []
  let sentUntil = 0
  while (queue.length > 0 || late.length > 0) {
    const size = 1 + Math.floor(next() * 40)
    const batch: RawMessage[] = []
    for (const m of queue.splice(0, size)) {
      if (next() < 0.05) late.push(m)
      else batch.push(m)
    }
    if (queue.length === 0 || next() < 0.3) batch.push(...late.splice(0, late.length))
    if (next() < 0.1 && batch.length > 0) batch.push(batch[0] as RawMessage)
    if (batch.length === 0) continue
    await reel.ingestor.ingest(batch)
    for (const m of batch) sentUntil = Math.max(sentUntil, Date.parse(String(m.timestamp)))
    // The clock runs a little ahead of the traffic now and then: timers fire before late events land.
    if (next() < 0.3) await reel.radar.fireDue(new Date(sentUntil + Math.floor(next() * 2 * DAY)))
  }
}

const withoutDetectedAt = (s: SignalView) => ({ ...s, detectedAt: '' })

for (const engine of engines) {
  describe(`radar live and recomputed agree on random traffic (${engine.name})`, {
    skip: engine.skip,
  }, () => {
    let reel: Reel
    before(async () => {
      reel = await engine.start({ clock: () => AS_OF })
    })
    after(async () => reel.close())

    it('a member whose history predates the radar (an upgrade) is replayed from the log on their next event', async () => {
      const messages = scenario(21, 3)
      await reel.ingestor.ingest(messages.slice(0, -5))
      // As after upgrading Reel on an existing log: the events are there, the radar never saw them.
      await sql`delete from radar_customers`.execute(reel.database.db)
      await sql`delete from radar_signals`.execute(reel.database.db)
      const latest = messages.slice(-5)
      await reel.ingestor.ingest(latest)
      await reel.radar.fireDue(AS_OF)
      // Members with a new event; the others wait for `reel radar --recompute` (README).
      const touched = new Set(latest.flatMap((m) => (typeof m.userId === 'string' ? [m.userId] : [])))
      const mine = (list: SignalView[]) => list.filter((s) => touched.has(s.customerId))
      const live = mine(await allSignals(reel, AS_OF))
      assert.ok(touched.size > 0 && live.length > 0)
      await reel.radar.recompute({ asOf: AS_OF })
      const again = mine(await allSignals(reel, AS_OF))
      const key = (s: SignalView) => `${s.kind} ${s.customerId} ${s.key} ${s.at} ${s.wonAt}`
      assert.deepEqual(live.map(key).sort(), again.map(key).sort())
    })

    for (const seed of [11, 12, 13]) {
      it(`seed ${seed}: late, repeated and anonymous events give the signals of one pass over the log`, async () => {
        await sendLive(reel, scenario(seed, 12), seed)
        await reel.radar.fireDue(AS_OF)
        const live = (await allSignals(reel, AS_OF)).map(withoutDetectedAt)
        const kinds = new Set(live.map((x) => x.kind))
        assert.ok(kinds.size >= 6, `the traffic should raise most kinds (got ${[...kinds].join(', ')})`)
        const summary = await reel.radar.recompute({ asOf: AS_OF })
        assert.equal(summary.retracted, 0, 'live kept a signal the log does not support')
        assert.deepEqual((await allSignals(reel, AS_OF)).map(withoutDetectedAt), live)
      })
    }
  })
}

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'
import type { RawMessage } from './index.js'
import { eventReadStart, eventsArrivedAfter } from './tail.js'

const order = (n: number, at: string): RawMessage =>
  ({
    type: 'track',
    event: 'Order Completed',
    userId: `buyer-${n}`,
    messageId: `order-${n}`,
    timestamp: at,
    properties: { order_id: `o-${n}`, total: 10 },
  }) as RawMessage
const view = (n: number): RawMessage =>
  ({ type: 'page', userId: `buyer-${n}`, messageId: `page-${n}`, name: 'Home' }) as RawMessage

for (const engine of engines) {
  describe(`reading the tail of the event log (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    const past = new Date(Date.now() - 3_600_000).toISOString()
    before(async () => {
      reel = await engine.start()
      await reel.ingestor.ingest([order(1, past), view(1), view(2)], { receivedAt: past })
      // Received "later" than the database's now: as an event of a transaction still open would be.
      await reel.ingestor.ingest([order(2, past)], {
        receivedAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
      await reel.ingestor.ingest([order(3, past)], { receivedAt: past })
    })
    after(() => reel.close())

    it('reads the named events in log order, moves past others, and stops at one not settled yet', async () => {
      const db = reel.database.db
      const page = await eventsArrivedAfter(db, {
        after: 0,
        event: 'Order Completed',
        lagMs: 1000,
        limit: 100,
      })
      assert.deepEqual(
        page.events.map((e) => e.messageId),
        ['order-1'],
        'order-3 waits behind order-2, which may still be committing',
      )
      assert.equal(page.full, false)
      const again = await eventsArrivedAfter(db, {
        after: page.readTo,
        event: 'Order Completed',
        lagMs: 1000,
        limit: 100,
      })
      assert.deepEqual(again.events, [])
      assert.equal(again.readTo, page.readTo, 'the reader does not move past the unsettled event')
    })

    it('a full page says so, and a new reader starts just before the first event it may act on', async () => {
      const db = reel.database.db
      const first = await eventsArrivedAfter(db, {
        after: 0,
        event: 'Order Completed',
        lagMs: 1000,
        limit: 2,
      })
      assert.equal(first.full, true)
      assert.deepEqual(
        first.events.map((e) => e.messageId),
        ['order-1'],
      )
      const start = await eventReadStart(db, 'Order Completed', new Date(Date.now() - 7_200_000))
      assert.equal(start, first.events[0] ? first.events[0].seq - 1 : -1)
      const none = await eventReadStart(db, 'Order Completed', new Date(Date.now() + 7_200_000))
      const all = await eventsArrivedAfter(db, { after: 0, event: 'nothing', lagMs: -7_200_000, limit: 100 })
      assert.equal(none, all.readTo, 'with nothing to act on, a new reader starts at the end of the log')
    })
  })
}

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'

const HALF_EMOJI = String.fromCharCode(0xd83d) // a product name cut in the middle of 😀

for (const engine of engines) {
  describe(`events with a NUL or a lone surrogate on ${engine.name}`, { skip: engine.skip }, () => {
    let reel: Reel
    before(async () => {
      reel = await engine.start()
    })
    after(async () => reel?.close())

    const stored = async (messageId: string) =>
      (
        await sql<{
          event: string | null
          properties: Record<string, unknown>
          traits: Record<string, unknown>
          context: Record<string, unknown>
        }>`
          select event, properties, traits, context from events where message_id = ${messageId}`.execute(
          reel.database.db,
        )
      ).rows

    test('the whole batch is stored, each bad character replaced by U+FFFD, and the answer says where', async () => {
      const result = await reel.ingestor.ingest([
        { type: 'track', userId: 'u-1', event: 'Viewed', messageId: 'good-1' },
        {
          type: 'track',
          userId: 'u-1',
          event: 'Order Completed',
          messageId: 'order-1',
          properties: {
            order_id: 'o-1',
            total: 39000,
            currency: 'KRW',
            products: [{ product_id: 'p', name: `Linen shirt ${HALF_EMOJI}`, price: 39000, quantity: 1 }],
          },
        },
        { type: 'identify', userId: 'u-1', messageId: 'id-1', traits: { name: 'Mi\u0000na', 'x\u0000y': 1 } },
      ])
      assert.equal(result.accepted, 3)
      assert.deepEqual(result.quarantined, [])
      assert.deepEqual(result.repaired, [
        { index: 1, field: 'properties.products.0.name', problem: 'contains a lone UTF-16 surrogate' },
        { index: 2, field: 'traits.name', problem: 'contains a NUL character' },
        { index: 2, field: 'traits.x\uFFFDy', problem: 'the key contains a NUL character' },
      ])
      const [order] = await stored('order-1')
      const products = order?.properties.products as { name: string }[] | undefined
      assert.equal(products?.[0]?.name, 'Linen shirt \uFFFD')
      assert.deepEqual(order?.context.reelRepaired, [
        { field: 'properties.products.0.name', problem: 'contains a lone UTF-16 surrogate' },
      ])
      const [identify] = await stored('id-1')
      assert.deepEqual(identify?.traits, { name: 'Mi\uFFFDna', 'x\uFFFDy': 1 })
      assert.equal(
        (await stored('good-1'))[0]?.context.reelRepaired,
        undefined,
        'untouched events carry no mark',
      )
      const orders = await sql<{ total: string }>`select total from orders where order_id = 'o-1'`.execute(
        reel.database.db,
      )
      assert.equal(Number(orders.rows[0]?.total), 39000, 'the repaired order counts')

      const again = await reel.ingestor.ingest([
        { type: 'identify', userId: 'u-1', messageId: 'id-1', traits: { name: 'Mi\u0000na', 'x\u0000y': 1 } },
      ])
      assert.deepEqual([again.accepted, again.duplicates], [0, 1], 'a resent repaired event is a duplicate')
    })

    test('a NUL in the event name and the messageId is repaired too', async () => {
      const result = await reel.ingestor.ingest([
        { type: 'track', userId: 'u-2', event: 'A\u0000B', messageId: 'm\u00001' },
      ])
      assert.equal(result.accepted, 1)
      assert.deepEqual(
        result.repaired.map((r) => r.field),
        ['event', 'messageId'],
      )
      assert.equal((await stored('m\uFFFD1'))[0]?.event, 'A\uFFFDB')
    })

    test('an invalid event with a NUL is quarantined with its repaired copy; one nested too deep too', async () => {
      const deep = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)
      const result = await reel.ingestor.ingest([
        { type: 'track', event: 'No one\u0000', messageId: 'q-1' },
        { type: 'track', userId: 'u-3', event: 'Deep', messageId: 'q-2', properties: { deep } },
        { type: 'track', userId: 'u-3', event: 'Fine', messageId: 'q-3' },
      ])
      assert.equal(result.accepted, 1)
      assert.deepEqual(
        result.quarantined.map((q) => [q.index, q.field, q.problem]),
        [
          [0, 'userId', 'a userId or an anonymousId is required'],
          [1, `properties.deep${'.0'.repeat(62)}`, 'nested deeper than 64 levels'],
        ],
      )
      const rows = await sql<{ message: { event: string; messageId: string } }>`
        select message from quarantine order by id`.execute(reel.database.db)
      const kept = rows.rows.map((r) => r.message)
      assert.equal(kept.find((m) => m.messageId === 'q-1')?.event, 'No one\uFFFD')
      assert.ok(
        kept.some((m) => m.messageId === 'q-2'),
        'the too-deep event is kept, cut off',
      )
    })

    test('a time the database cannot store, or whose timers it could not, is quarantined; the rest is stored', async () => {
      const result = await reel.ingestor.ingest([
        { type: 'track', userId: 'u-4', event: 'Old', messageId: 't-1', timestamp: '0000-01-01T00:00:00Z' },
        // The radar would set its dormancy timer a year later, in the year 10000.
        {
          type: 'track',
          userId: 'u-4',
          event: 'Order Completed',
          messageId: 't-2',
          timestamp: '9999-12-31T23:59:58Z',
          properties: { order_id: 'o-far', total: 1 },
        },
        { type: 'track', userId: 'u-4', event: 'Fine', messageId: 't-3' },
      ])
      assert.equal(result.accepted, 1)
      assert.deepEqual(
        result.quarantined.map((q) => [q.index, q.field]),
        [
          [0, 'timestamp'],
          [1, 'timestamp'],
        ],
      )
    })
  })
}

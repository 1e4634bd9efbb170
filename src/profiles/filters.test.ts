import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Reel } from '../app.js'
import type { RawMessage } from '../events/index.js'
import { engines } from '../test-support/engines.js'
import { membersMatching, type ProfileRule, profileRuleSchema } from './filters.js'

const NOW = new Date('2026-11-02T00:00:00.000Z')
const daysBefore = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString()

it('a rule must make sense for its field, and the error says which part is wrong', () => {
  const problem = (rule: unknown) => profileRuleSchema.safeParse(rule).error?.issues[0]
  assert.equal(problem({ field: 'orders_count', op: '>=', value: 2 }), undefined)
  assert.deepEqual(problem({ field: 'orders_count', op: '>=', value: '2' })?.path, ['value'])
  assert.match(problem({ field: 'locale', op: '>', value: 'ko' })?.message ?? '', /locale takes = or !=/)
  assert.deepEqual(problem({ field: 'is_member', op: '=', value: 'yes' })?.path, ['value'])
  assert.deepEqual(problem({ field: 'shoe_size', op: '=', value: 1 })?.path, ['field'])
})

for (const engine of engines) {
  describe(`profile filters in the database (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    const match = (rules: ProfileRule[]) => membersMatching(reel.database.db, rules, NOW, {})
    before(async () => {
      reel = await engine.start({ clock: () => NOW })
      const who = (userId: string, traits: Record<string, unknown>): RawMessage =>
        ({
          type: 'identify',
          userId,
          messageId: `i-${userId}`,
          timestamp: daysBefore(200),
          traits,
        }) as RawMessage
      const ordered = (userId: string, total: number, days: number): RawMessage =>
        ({
          type: 'track',
          event: 'Order Completed',
          userId,
          messageId: `o-${userId}-${days}`,
          timestamp: daysBefore(days),
          properties: { order_id: `${userId}-${days}`, total, currency: 'KRW', products: [] },
        }) as RawMessage
      await reel.ingestor.ingest([
        who('mina', { locale: 'KO', country: 'kr' }),
        who('joon', { locale: 'en', address: { country: 'US' } }),
        who('hana', {}),
        ordered('mina', 30_000, 45),
        ordered('mina', 20_000, 10),
        ordered('joon', 90_000, 31),
        {
          type: 'page',
          anonymousId: 'visitor',
          messageId: 'p-1',
          timestamp: daysBefore(1),
          name: 'Home',
        } as RawMessage,
      ])
    })
    after(() => reel.close())

    it('every rule must hold, over members only', async () => {
      assert.deepEqual(await match([]), ['hana', 'joon', 'mina'])
      assert.deepEqual(await match([{ field: 'orders_count', op: '>=', value: 2 }]), ['mina'])
      assert.deepEqual(
        await match([
          { field: 'total_spend', op: '>', value: 40_000 },
          { field: 'days_since_last_order', op: '>=', value: 31 },
        ]),
        ['joon'],
      )
      assert.deepEqual(await match([{ field: 'days_since_last_order', op: '<', value: 31 }]), ['mina'])
    })

    it('a customer without a value matches only !=', async () => {
      assert.deepEqual(await match([{ field: 'days_since_last_order', op: '>', value: 0 }]), ['joon', 'mina'])
      assert.deepEqual(await match([{ field: 'days_since_last_order', op: '!=', value: 10 }]), [
        'hana',
        'joon',
      ])
    })

    it('locale and country compare without regard to case, country also from the address', async () => {
      assert.deepEqual(await match([{ field: 'locale', op: '=', value: 'ko' }]), ['mina'])
      assert.deepEqual(await match([{ field: 'country', op: '=', value: 'US' }]), ['joon'])
      assert.deepEqual(await match([{ field: 'country', op: '!=', value: 'KR' }]), ['hana', 'joon'])
    })

    it('pages through members in id order, or looks only among the given ones', async () => {
      const db = reel.database.db
      assert.deepEqual(await membersMatching(db, [], NOW, { limit: 2 }), ['hana', 'joon'])
      assert.deepEqual(await membersMatching(db, [], NOW, { after: 'joon', limit: 2 }), ['mina'])
      assert.deepEqual(await membersMatching(db, [], NOW, { among: ['mina', 'visitor', 'nobody'] }), ['mina'])
      assert.deepEqual(await membersMatching(db, [], NOW, { among: [] }), [])
    })
  })
}

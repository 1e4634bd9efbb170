import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Step } from './flow.js'
import { heldOutShopWide, inGlobalHoldout } from './global-holdout.js'
import { armOf } from './holdout.js'

const ids = Array.from({ length: 20_000 }, (_, i) => `member-${i}`)

test('the shop-wide holdout is a stable hashed share of members, and none when the share is 0', () => {
  const holdout = { salt: 'shop-salt', share: 0.05 }
  const held = ids.filter((id) => inGlobalHoldout(holdout, id)).length
  // 20,000 draws at 5%: the standard deviation is 31, so 4.5% to 5.5% is more than 3 of them either side
  assert.ok(held > 900 && held < 1100, `${held} held out`)
  assert.equal(inGlobalHoldout(holdout, 'member-7'), inGlobalHoldout({ ...holdout }, 'member-7'))
  assert.equal(ids.filter((id) => inGlobalHoldout({ salt: 'shop-salt', share: 0 }, id)).length, 0)
})

test("the shop-wide holdout is independent of a campaign's arms, even with the same salt", () => {
  const holdout = { salt: 'same', share: 0.5 }
  // Were the hashes the same, every globally held-out member would be in the campaign's holdout too.
  const both = ids.filter((id) => inGlobalHoldout(holdout, id) && armOf('same', id, 0.5) === 'holdout').length
  assert.ok(Math.abs(both / ids.length - 0.25) < 0.02, `${both} in both holdouts`)
})

test('the shop-wide holdout applies to marketing campaigns only, never to order updates', () => {
  const send = (messageType: 'marketing' | 'order_updates'): Step => ({
    type: 'send',
    channel: 'email',
    template: 't',
    messageType,
    couponTemplateId: null,
  })
  assert.equal(heldOutShopWide({ steps: [send('marketing')] }), true)
  assert.equal(heldOutShopWide({ steps: [send('order_updates'), { type: 'wait', hours: 1 }] }), false)
  assert.equal(heldOutShopWide({ steps: [send('order_updates'), send('marketing')] }), true)
})

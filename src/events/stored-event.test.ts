import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type StoredEvent, storedEventFromRow } from './stored-event.js'

const AT = new Date('2026-03-01T09:30:00.123Z')
const columns = {
  seq: 7,
  message_id: 'm-7',
  customer_id: 'u-1',
  user_id: 'u-1',
  anonymous_id: null,
  type: 'track',
  event: 'Order Completed',
  name: null,
  properties: { order_id: 'o-1', total: 39000 },
  traits: {},
}
const expected: StoredEvent = {
  seq: 7,
  messageId: 'm-7',
  customerId: 'u-1',
  userId: 'u-1',
  anonymousId: null,
  type: 'track',
  event: 'Order Completed',
  name: null,
  occurredAt: AT,
  properties: { order_id: 'o-1', total: 39000 },
  traits: {},
}

test('a row of the log becomes the same event whether its time is a timestamp or epoch milliseconds', () => {
  assert.deepEqual(storedEventFromRow({ ...columns, occurred_at: AT }), expected)
  assert.deepEqual(storedEventFromRow({ ...columns, occurred_ms: AT.getTime() }), expected)
})

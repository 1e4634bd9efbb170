import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normaliseStatus, UpdateFormatError, updatesFrom } from './adapters.js'
import { withScan } from './shipment-state.js'
import type { ShipmentStatus } from './taxonomy.js'

const at = (day: number, hour = 12) => Date.UTC(2026, 10, day, hour)
const scan = (status: ShipmentStatus, time: number) => ({ shipmentId: 's1', orderId: 'o1', status, at: time })
const replay = (scans: ReturnType<typeof scan>[]) =>
  scans.reduce<ReturnType<typeof withScan> | undefined>((s, x) => withScan(s, x), undefined)

test('a shipment moves forward only: an in-transit scan that arrives after the delivery changes nothing', () => {
  const s = replay([scan('info_received', at(1)), scan('delivered', at(4)), scan('in_transit', at(2))])
  assert.equal(s?.status, 'delivered')
  assert.equal(s?.shippedAt, at(2), 'the late handover scan still dates the shipping')
  assert.equal(s?.deliveredAt, at(4))
})

test('the same status again keeps its first time; a new attempt after a failed one is the later scan', () => {
  const s = replay([
    scan('in_transit', at(1)),
    scan('out_for_delivery', at(2, 8)),
    scan('attempt_fail', at(2, 15)),
    scan('out_for_delivery', at(3, 8)),
    scan('out_for_delivery', at(3, 9)),
  ])
  assert.equal(s?.status, 'out_for_delivery')
  assert.equal(s?.statusAt, at(3, 8))
  const stale = withScan(s, scan('attempt_fail', at(2, 15)))
  assert.equal(
    stale.status,
    'out_for_delivery',
    'the earlier failed attempt, repeated, does not move it back',
  )
})

test('an exception interrupts a stage without moving the parcel back, and transit resumes after it', () => {
  const s = replay([scan('out_for_delivery', at(2)), scan('exception', at(3))])
  assert.equal(s?.status, 'exception')
  assert.equal(s?.stage, 3)
  assert.equal(withScan(s, scan('in_transit', at(4))).status, 'exception', 'in transit is an earlier stage')
  assert.equal(withScan(s, scan('out_for_delivery', at(4))).status, 'out_for_delivery')
})

test('carrier words map to the taxonomy; an unknown one is an exception with the raw word kept', () => {
  assert.deepEqual(normaliseStatus('InTransit'), { status: 'in_transit', rawStatus: 'InTransit' })
  assert.deepEqual(normaliseStatus('delivered'), { status: 'delivered', rawStatus: null })
  assert.deepEqual(normaliseStatus('attempted_delivery'), {
    status: 'attempt_fail',
    rawStatus: 'attempted_delivery',
  })
  assert.deepEqual(normaliseStatus('Zugestellt?'), { status: 'exception', rawStatus: 'Zugestellt?' })
})

test('AfterShip webhooks: the tag, the last checkpoint and the expected delivery', () => {
  const [u] = updatesFrom(
    'aftership',
    {
      event: 'tracking_update',
      msg: {
        tracking_number: '1Z999',
        slug: 'ups',
        tag: 'OutForDelivery',
        subtag: 'OutForDelivery_001',
        order_id: '#1001',
        expected_delivery: '2026-11-14',
        destination_state: 'CA',
        checkpoints: [
          { checkpoint_time: '2026-11-12T08:00:00Z', location: 'Oakland, CA', tag: 'InTransit' },
          { checkpoint_time: '2026-11-13T07:10:00Z', location: 'San Jose, CA', tag: 'OutForDelivery' },
        ],
      },
    },
    '2026-11-13T07:11:00Z',
  )
  assert.equal(u?.status, 'out_for_delivery')
  assert.equal(u?.occurredAt, '2026-11-13T07:10:00Z')
  assert.equal(u?.location, 'San Jose, CA')
  assert.equal(u?.shipmentId, '1Z999')
  assert.equal(u?.destinationRegion, 'CA')
})

test('Shopify fulfilment events: every status maps, and one fulfilment is one shipment', () => {
  const words: Record<string, ShipmentStatus> = {
    label_printed: 'info_received',
    label_purchased: 'info_received',
    confirmed: 'info_received',
    in_transit: 'in_transit',
    out_for_delivery: 'out_for_delivery',
    attempted_delivery: 'attempt_fail',
    ready_for_pickup: 'available_for_pickup',
    picked_up: 'delivered',
    delivered: 'delivered',
    failure: 'exception',
    delayed: 'exception',
  }
  for (const [word, status] of Object.entries(words)) {
    const [u] = updatesFrom(
      'shopify',
      {
        id: 944956395,
        fulfillment_id: 255858046,
        order_id: 450789469,
        status: word,
        happened_at: '2026-11-12T10:00:00-05:00',
        city: 'Ottawa',
        province: 'Ontario',
        country: 'Canada',
      },
      '2026-11-12T15:00:00Z',
    )
    assert.equal(u?.status, status, word)
    assert.equal(u?.shipmentId, 'shopify:255858046')
    assert.equal(u?.orderId, '450789469')
    assert.equal(u?.location, 'Ottawa, Ontario, Canada')
  }
})

test('a malformed body names the field', () => {
  assert.throws(
    () => updatesFrom('generic', { order_id: 'o1', status: 'in_transit' }, '2026-11-12T15:00:00Z'),
    (e: unknown) => e instanceof UpdateFormatError && e.field === 'body.occurred_at',
  )
  assert.throws(
    () => updatesFrom('aftership', { msg: { tag: 'Delivered' } }, '2026-11-12T15:00:00Z'),
    (e: unknown) => e instanceof UpdateFormatError && e.field.startsWith('body.msg.'),
  )
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RawMessage } from '../events/message.js'
import { demoWindow, generateDemoShop } from './generator.js'
import { kstDay } from './kst-calendar.js'
import { randomFor } from './random.js'

const SHOP = { customers: 3000, days: 120, seed: 5 }
const { end } = demoWindow(SHOP)
/** A holdout of about 30% of shipments, as a shop's salted hash would give. */
const heldOut = (shipmentId: string) => randomFor(shipmentId, 99).next() < 0.3

const planned: string[] = []
const messages = [
  ...generateDemoShop({ ...SHOP, shippingHoldout: heldOut, onShipment: (id) => planned.push(id) }),
].flat()
const props = (m: RawMessage) => m.properties as Record<string, unknown>
const at = (m: RawMessage) => Date.parse(String(m.timestamp))

/** Per shipment, its scans in time order. */
const shipments = new Map<string, RawMessage[]>()
for (const m of messages)
  if (m.event === 'Shipment Updated' && props(m).shipment_id) {
    const id = String(props(m).shipment_id)
    shipments.set(id, [...(shipments.get(id) ?? []), m])
  }
const byOrder = (event: string) => {
  const map = new Map<string, RawMessage[]>()
  for (const m of messages.filter((x) => x.event === event)) {
    const id = String(props(m).order_id)
    map.set(id, [...(map.get(id) ?? []), m])
  }
  return map
}
const statuses = (id: string) => (shipments.get(id) ?? []).map((m) => props(m).status)
const handedOver = [...shipments.keys()].filter((id) => statuses(id).includes('in_transit'))
const share = (status: string) =>
  handedOver.filter((id) => statuses(id).includes(status)).length / handedOver.length

test('every shipment with events was told of before its events, and is sent by the back office with the lane', () => {
  assert.ok(handedOver.length > 1000, `${handedOver.length} shipments`)
  const told = new Set(planned)
  for (const [id, scans] of shipments) {
    assert.ok(told.has(id))
    for (const m of scans) {
      assert.ok(m.userId && !m.anonymousId)
      const p = props(m)
      assert.match(String(p.tracking_number), /^\d{12,13}$/)
      assert.equal(p.origin_region, '경기')
      assert.ok(['CJ대한통운', '한진택배', '롯데택배', '우체국택배'].includes(String(p.carrier)))
    }
  }
})

test('about 5% of parcels are delayed, 3% miss an attempt, a few wait at a store; almost all are delivered', () => {
  assert.ok(share('exception') > 0.03 && share('exception') < 0.07, `delays ${share('exception')}`)
  assert.ok(share('attempt_fail') > 0.015 && share('attempt_fail') < 0.045)
  assert.ok(share('available_for_pickup') > 0.005 && share('available_for_pickup') < 0.04)
  const early = handedOver.filter((id) => at(shipments.get(id)![0]!) < end - 14 * 86_400_000)
  assert.ok(
    early.every((id) => statuses(id).includes('delivered')),
    'delivered within two weeks',
  )
})

test('about 8% of multi-line orders ship in two parcels, each with its products and together the order', () => {
  const completed = byOrder('Order Completed')
  const cancelled = byOrder('Order Cancelled')
  const multi = [...completed].filter(
    ([id, [m]]) =>
      (props(m!).products as unknown[]).length > 1 && !cancelled.has(id) && shipments.has(`${id}-1`),
  )
  const split = multi.filter(([id]) => shipments.has(`${id}-2`))
  assert.ok(split.length / multi.length > 0.04 && split.length / multi.length < 0.13)
  for (const [id, [order]] of split) {
    const lines = [1, 2].flatMap(
      (n) => props(shipments.get(`${id}-${n}`)![0]!).products as Array<{ sku: string }>,
    )
    const ordered = props(order!).products as Array<{ sku: string }>
    assert.deepEqual(lines.map((l) => l.sku).sort(), ordered.map((l) => l.sku).sort())
  }
})

test('a cancelled order is never handed over; a late customer cancel may leave a label before it', () => {
  const cancelled = byOrder('Order Cancelled')
  let labels = 0
  for (const [orderId, [cancel]] of cancelled) {
    const scans = shipments.get(`${orderId}-1`) ?? []
    const partial = props(cancel!).reason === 'out_of_stock'
    if (partial) {
      // What was in stock goes after the cancel.
      for (const s of scans) assert.ok(at(s) > at(cancel!))
      continue
    }
    for (const s of scans) {
      assert.equal(props(s).status, 'info_received')
      assert.ok(at(s) < at(cancel!))
      labels += 1
    }
  }
  assert.ok(labels > 0)
})

test('a return request gets a return parcel, then Return Received, before the refund', () => {
  const refunds = byOrder('Order Refunded')
  const returns = messages.filter((m) => m.event === 'Return Requested' && at(m) < end - 12 * 86_400_000)
  assert.ok(returns.length > 50)
  for (const request of returns) {
    const { order_id, return_id } = props(request)
    const mine = (m: RawMessage) => props(m).order_id === order_id && props(m).return_id === return_id
    const parcel = messages.find((m) => m.event === 'Shipment Updated' && mine(m))
    const received = messages.find((m) => m.event === 'Return Received' && mine(m))
    assert.equal(parcel && props(parcel).status, 'return_in_transit')
    assert.ok(at(request) < at(parcel!) && at(parcel!) < at(received!))
    const refund = refunds.get(String(order_id))?.find((m) => at(m) > at(request))
    if (refund) assert.ok(at(received!) < at(refund))
  }
})

test('where-is-my-order contacts come from the buyer while a parcel travels, more often in the holdout', () => {
  const perArm = { updated: [0, 0], holdout: [0, 0] }
  const contacts = byOrder('Support Contacted')
  for (const id of handedOver) {
    const arm = heldOut(id) ? perArm.holdout : perArm.updated
    const orderId = String(props(shipments.get(id)![0]!).order_id)
    arm[0]! += 1
    arm[1]! += contacts.get(orderId)?.length ?? 0
  }
  for (const [orderId, asked] of contacts)
    for (const contact of asked) {
      const p = props(contact)
      assert.equal(p.topic, 'where_is_my_order')
      assert.ok(['phone', 'chat', 'email'].includes(String(p.channel)) && p.ticket_id)
      const travelling = [1, 2].some((n) => {
        const scans = shipments.get(`${orderId}-${n}`) ?? []
        const handover = scans.find((s) => props(s).status === 'in_transit')
        const delivered = scans.find((s) => props(s).status === 'delivered')
        return handover && at(handover) <= at(contact) && (!delivered || at(contact) < at(delivered))
      })
      assert.ok(travelling, `${orderId}: asked while the parcel travelled`)
    }
  const per100 = ([n, c]: number[]) => (100 * c!) / n!
  assert.ok(per100(perArm.updated) > 3 && per100(perArm.updated) < 8, `updated ${per100(perArm.updated)}`)
  assert.ok(per100(perArm.holdout) > per100(perArm.updated) + 3, `holdout ${per100(perArm.holdout)}`)
})

test('the holdout changes only the contacts; the same options give the same care', () => {
  const withoutHoldout = [...generateDemoShop(SHOP)].flat()
  const notContacts = (list: RawMessage[]) => list.filter((m) => m.event !== 'Support Contacted')
  assert.equal(JSON.stringify(notContacts(withoutHoldout)), JSON.stringify(notContacts(messages)))
  const again = [...generateDemoShop({ ...SHOP, shippingHoldout: heldOut })].flat()
  assert.equal(JSON.stringify(again), JSON.stringify(messages))
  // Scans keep to the Korean working week: nothing is labelled on a Sunday.
  for (const scans of shipments.values()) assert.notEqual((kstDay(at(scans[0]!)) + 4) % 7, 0)
})

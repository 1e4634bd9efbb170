import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addressOf, CARRIERS, WAREHOUSE } from './korea.js'
import { isDeliveryDay, isWarehouseDay, kstDay, kstHour, weekday } from './kst-calendar.js'
import { type Parcel, planParcel, planReturnParcel, wismoContacts } from './parcels.js'
import { createRandom } from './random.js'
import { DAY, HOUR } from './time.js'

const MONDAY = Date.parse('2026-06-01T00:00:00+09:00')
const mainland = { region: '서울', place: '서울 송파', island: false }
const jeju = { region: '제주', place: '제주', island: true }

/** Delivery days (Sundays do not count) from one Korean day to a later one. */
function deliveryDaysBetween(from: number, to: number): number {
  let n = 0
  for (let d = from + 1; d <= to; d++) if (isDeliveryDay(d)) n += 1
  return n
}

function parcels(address: typeof mainland, count: number, seed = 1): Parcel[] {
  const r = createRandom(seed)
  return Array.from({ length: count }, (_, i) =>
    planParcel(r, {
      readyAt: MONDAY + r.next() * 28 * DAY,
      carrier: CARRIERS[i % CARRIERS.length]!,
      address,
      warehouse: WAREHOUSE.location,
      incident: 'none',
    }),
  )
}

test('a label comes within hours of a weekday payment, the next working morning after a weekend one', () => {
  const r = createRandom(2)
  for (let i = 0; i < 2000; i++) {
    const readyAt = MONDAY + r.next() * 28 * DAY
    const [label] = planParcel(r, { readyAt, carrier: CARRIERS[0]!, address: mainland, warehouse: 'w' }).scans
    assert.equal(label?.status, 'info_received')
    const at = label!.at
    assert.ok(at > readyAt && isWarehouseDay(kstDay(at)) && kstHour(at) >= 9 && kstHour(at) < 19)
    const day = kstDay(readyAt)
    if (isWarehouseDay(day) && kstHour(readyAt) < 14) assert.ok(at - readyAt <= 13 * HOUR, 'the same day')
    if (!isWarehouseDay(day)) assert.equal(weekday(kstDay(at)), 1, 'a weekend order is labelled on Monday')
  }
})

test('handover is the label’s working day or the next; mainland parcels arrive 1-2 delivery days later, Jeju 2-4', () => {
  for (const [address, fewest, most] of [
    [mainland, 1, 2],
    [jeju, 2, 4],
  ] as const) {
    const days = new Set<number>()
    for (const p of parcels(address, 1500)) {
      const handover = kstDay(p.shippedAt)
      assert.ok(isWarehouseDay(handover))
      assert.ok(handover - kstDay(p.labelAt) <= 3, 'same or next working day (a weekend between)')
      const transit = deliveryDaysBetween(handover, kstDay(p.deliveredAt))
      assert.ok(transit >= fewest && transit <= most, `${address.region}: ${transit} days`)
      days.add(transit)
      const out = p.scans.find((s) => s.status === 'out_for_delivery')!
      assert.equal(kstDay(out.at), kstDay(p.deliveredAt), 'out for delivery on the delivery morning')
      assert.ok(kstHour(out.at) >= 7.5 && kstHour(out.at) <= 10)
      const hubs = p.scans.filter((s) => s.status === 'in_transit').length - 1
      assert.ok(hubs === 1 || hubs === 2, 'one or two hub scans after the handover')
      for (let i = 1; i < p.scans.length; i++)
        assert.ok(p.scans[i]!.at > p.scans[i - 1]!.at, 'scans in time order')
    }
    assert.equal(days.size, most - fewest + 1, `${address.region}: every transit time occurs`)
  }
})

test('carriers differ a little: CJ delivers the next day more often than Lotte', () => {
  const nextDay = (name: string) => {
    const r = createRandom(3)
    const carrier = CARRIERS.find((c) => c.name === name)!
    let n = 0
    for (let i = 0; i < 3000; i++) {
      const p = planParcel(r, {
        readyAt: MONDAY + r.next() * 28 * DAY,
        carrier,
        address: mainland,
        warehouse: 'w',
        incident: 'none',
      })
      if (deliveryDaysBetween(kstDay(p.shippedAt), kstDay(p.deliveredAt)) === 1) n += 1
    }
    return n / 3000
  }
  assert.ok(nextDay('CJ대한통운') > nextDay('롯데택배') + 0.08)
})

test('a delay is an exception with a reason and 2-4 extra days; some are silent until the delivery morning', () => {
  const r = createRandom(4)
  let silent = 0
  for (let i = 0; i < 500; i++) {
    const readyAt = MONDAY + r.next() * 28 * DAY
    const p = planParcel(r, {
      readyAt,
      carrier: CARRIERS[0]!,
      address: mainland,
      warehouse: 'w',
      incident: 'delay',
    })
    const exception = p.scans.find((s) => s.status === 'exception')!
    assert.ok(['weather', 'hub_backlog'].includes(exception.subStatus!))
    assert.ok(exception.estimatedDelivery! > p.expectedAt)
    const late = deliveryDaysBetween(kstDay(p.expectedAt), kstDay(p.deliveredAt))
    assert.ok(late >= 2 && late <= 4, `${late} extra days`)
    const next = p.scans[p.scans.indexOf(exception) + 1]!
    if (p.silent) {
      silent += 1
      assert.equal(next.status, 'out_for_delivery')
      assert.ok(next.at - exception.at > 36 * HOUR, 'a long silence')
    }
  }
  assert.ok(silent > 100 && silent < 300)
})

test('a failed attempt is followed by another run and delivery the next delivery day; a store pickup is delivered when picked up', () => {
  const r = createRandom(5)
  for (let i = 0; i < 300; i++) {
    const readyAt = MONDAY + r.next() * 28 * DAY
    const failed = planParcel(r, {
      readyAt,
      carrier: CARRIERS[1]!,
      address: mainland,
      warehouse: 'w',
      incident: 'attempt_fail',
    })
    const statuses = failed.scans.map((s) => s.status).slice(-4)
    assert.deepEqual(statuses, ['out_for_delivery', 'attempt_fail', 'out_for_delivery', 'delivered'])
    const [, fail, again] = failed.scans.slice(-4)
    assert.equal(deliveryDaysBetween(kstDay(fail!.at), kstDay(again!.at)), 1)
    const pickup = planParcel(r, {
      readyAt,
      carrier: CARRIERS[2]!,
      address: mainland,
      warehouse: 'w',
      incident: 'pickup',
    })
    const [store, done] = pickup.scans.slice(-2)
    assert.equal(store?.status, 'available_for_pickup')
    assert.match(store!.location, /^(GS25|CU|세븐일레븐) 서울 송파점$/)
    assert.equal(done?.location, store?.location)
  }
})

test('buyers in the holdout ask where their parcel is about twice as often, far more when it is late', () => {
  const rate = (incident: 'none' | 'delay', heldOut: boolean) => {
    const r = createRandom(6)
    let contacts = 0
    for (let i = 0; i < 4000; i++) {
      const p = planParcel(r, {
        readyAt: MONDAY + r.next() * 28 * DAY,
        carrier: CARRIERS[0]!,
        address: mainland,
        warehouse: 'w',
        incident,
      })
      for (const c of wismoContacts(r, p, heldOut)) {
        contacts += 1
        assert.ok(c.at >= p.shippedAt && c.at < p.deliveredAt, 'while the parcel travels')
      }
    }
    return contacts / 4000
  }
  assert.ok(Math.abs(rate('none', false) - 0.04) < 0.015)
  assert.ok(Math.abs(rate('none', true) - 0.09) < 0.02)
  assert.ok(rate('delay', false) > 0.15 && rate('delay', true) > rate('delay', false) * 1.7)
})

test('a return parcel travels after the request and the delivery, and is received before the refund', () => {
  const r = createRandom(7)
  for (let i = 0; i < 2000; i++) {
    const requestedAt = MONDAY + r.next() * 28 * DAY
    const deliveredAt = r.chance(0.1) ? requestedAt + r.next() * DAY : requestedAt - r.next() * 5 * DAY
    const refundAt = r.chance(0.85) ? requestedAt + r.int(2, 7) * DAY : null
    const { pickupAt, receivedAt } = planReturnParcel(r, { requestedAt, deliveredAt, refundAt })
    assert.ok(pickupAt > requestedAt && pickupAt < receivedAt)
    if (refundAt !== null) assert.ok(receivedAt < refundAt)
    if (refundAt === null || deliveredAt < refundAt) assert.ok(pickupAt > deliveredAt)
  }
})

test('a member lives in one place, drawn from their id, mostly in Seoul and Gyeonggi', () => {
  assert.deepEqual(addressOf('member-000042'), addressOf('member-000042'))
  const regions = new Map<string, number>()
  for (let i = 1; i <= 5000; i++) {
    const { region } = addressOf(`member-${String(i).padStart(6, '0')}`)
    regions.set(region, (regions.get(region) ?? 0) + 1)
  }
  const share = (region: string) => (regions.get(region) ?? 0) / 5000
  assert.ok(share('서울') + share('경기') > 0.38 && share('서울') + share('경기') < 0.54)
  assert.ok(share('제주') > 0.005 && share('제주') < 0.03)
  assert.ok(regions.size >= 15)
})

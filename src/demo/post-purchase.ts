import { addressOf, pickCarrier, trackingNumber, WAREHOUSE } from './korea.js'
import { isWarehouseDay, kstDay, kstTime, nextDayThat } from './kst-calendar.js'
import { type OrderLine, trackMessage } from './messages.js'
import { labelTime, type Parcel, planParcel, planReturnParcel, wismoContacts } from './parcels.js'
import { randomFor } from './random.js'
import type { DemoShop } from './shop.js'

/** What the generator's caller says about shipments: which are in the holdout, and which were made. */
export interface ShippingHooks {
  /** Whether a shipment is in the shipping holdout, which gets only the shipped message. */
  heldOut(shipmentId: string): boolean
  /** Called once per shipment, when the demo plans it (before any of its events is yielded). */
  onShipment?: (shipmentId: string) => void
}

/** The care of one order after payment: its parcels, the buyer's questions about them, its return parcel. */
export interface OrderCare {
  /** Ships the lines once the order is ready (paid, or what is left after a partial cancel). */
  ship(readyAt: number, lines: readonly OrderLine[], wholeOrder: boolean): void
  /** The label, if the warehouse printed it before the customer cancelled: never handed over. */
  labelBefore(paidAt: number, cancelAt: number): void
  /** The return parcel of a return request, received before the refund (if any). */
  returnParcel(
    returnId: string,
    requestedAt: number,
    refundAt: number | null,
    lines: readonly OrderLine[],
  ): void
}

/** Share of orders of several lines that leave in two parcels (an item came later from the supplier). */
const SPLIT_SHARE = 0.08

const products = (lines: readonly OrderLine[]) => lines.map((line) => ({ ...line }))

/**
 * Plans an order's post-purchase events from a stream of its own (seeded from the order id), so the rest of
 * the shop is unchanged; message ids `demo-<seed>-<order>-<k>` keep the shop's own `demo-<seed>-<n>` as
 * they were. The shop's back office sends the scans (`userId` only); the buyer sends the contacts.
 */
export function orderCare(shop: DemoShop, orderId: string, userId: string): OrderCare {
  const r = randomFor(orderId, shop.seed)
  const carrier = pickCarrier(r)
  const address = addressOf(userId)
  let messages = 0
  let parcels = 0
  let tickets = 0
  let deliveredAt: number | null = null

  const send = (at: number, event: string, properties: object) => {
    const message = trackMessage({ userId }, at, event, properties)
    message.messageId = `demo-${shop.seed}-${orderId}-${messages++}`
    shop.agenda.plan(at, message)
  }
  const newShipment = () => {
    parcels += 1
    const shipmentId = `${orderId}-${parcels}`
    shop.shipping.onShipment?.(shipmentId)
    return { shipmentId, tracking: trackingNumber(r, carrier) }
  }
  const lane = {
    carrier: carrier.name,
    origin_region: WAREHOUSE.region,
    destination_region: address.region,
  }

  function sendParcel(parcel: Parcel, lines: readonly OrderLine[] | null) {
    const { shipmentId, tracking } = newShipment()
    for (const s of parcel.scans)
      send(s.at, 'Shipment Updated', {
        order_id: orderId,
        shipment_id: shipmentId,
        ...lane,
        tracking_number: tracking,
        status: s.status,
        location: s.location,
        ...(s.subStatus ? { sub_status: s.subStatus } : {}),
        ...(s.estimatedDelivery ? { estimated_delivery: new Date(s.estimatedDelivery).toISOString() } : {}),
        ...(lines ? { products: products(lines) } : {}),
      })
    for (const contact of wismoContacts(r, parcel, shop.shipping.heldOut(shipmentId))) {
      tickets += 1
      send(contact.at, 'Support Contacted', {
        topic: 'where_is_my_order',
        order_id: orderId,
        ticket_id: `demo-${shop.seed}-${orderId}-t${tickets}`,
        channel: contact.channel,
      })
    }
    deliveredAt = Math.max(deliveredAt ?? 0, parcel.deliveredAt)
  }

  const parcelFrom = (readyAt: number) =>
    planParcel(r, { readyAt, carrier, address, warehouse: WAREHOUSE.location })

  return {
    ship(readyAt, lines, wholeOrder) {
      if (!wholeOrder || lines.length < 2 || !r.chance(SPLIT_SHARE)) {
        sendParcel(parcelFrom(readyAt), wholeOrder ? null : lines)
        return
      }
      let later = lines.filter(() => r.chance(0.5))
      if (later.length === 0 || later.length === lines.length) later = [lines.at(-1) as OrderLine]
      const first = parcelFrom(readyAt)
      // The rest follows when it comes in from the supplier, 1-3 working days after the first label.
      let day = kstDay(first.labelAt)
      for (let n = r.int(1, 3); n > 0; n--) day = nextDayThat(day, isWarehouseDay)
      sendParcel(
        first,
        lines.filter((line) => !later.includes(line)),
      )
      sendParcel(parcelFrom(kstTime(day, 8)), later)
    },
    labelBefore(paidAt, cancelAt) {
      const labelAt = labelTime(r, paidAt)
      if (labelAt >= cancelAt) return
      const { shipmentId, tracking } = newShipment()
      send(labelAt, 'Shipment Updated', {
        order_id: orderId,
        shipment_id: shipmentId,
        ...lane,
        tracking_number: tracking,
        status: 'info_received',
        location: WAREHOUSE.location,
      })
    },
    returnParcel(returnId, requestedAt, refundAt, lines) {
      const { pickupAt, receivedAt } = planReturnParcel(r, { requestedAt, deliveredAt, refundAt })
      send(pickupAt, 'Shipment Updated', {
        order_id: orderId,
        return_id: returnId,
        carrier: carrier.name,
        tracking_number: trackingNumber(r, carrier),
        status: 'return_in_transit',
        location: address.place,
        origin_region: address.region,
        destination_region: WAREHOUSE.region,
        products: products(lines),
      })
      send(receivedAt, 'Return Received', {
        order_id: orderId,
        return_id: returnId,
        products: products(lines),
      })
    },
  }
}

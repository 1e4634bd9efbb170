/** Reads the Olist export into past shipments, with Olist's own estimate per order to compare with. */
import { join } from 'node:path'
import { readCsv, requireColumns } from '../../imports/csv.js'
import { parseShopTime } from '../../imports/local-time.js'
import { OLIST_FILES } from '../../imports/olist-files.js'
import type { PastShipment } from './types.js'

/** A delivered Olist order as a shipment, with what Olist told the customer. */
export interface OlistShipment extends PastShipment {
  orderId: string
  deliveredAt: number
  /** Olist's estimated delivery date: a calendar day, at its 00:00. */
  estimatedAt: number
}

/** The sellers file lives in the official catalogue, beside the sampled orders. */
export const OLIST_SELLERS_FILE = 'olist_sellers_dataset.csv'

// Olist writes wall-clock times without a zone. Reading them all as UTC keeps every duration and every
// calendar day as written (the estimate's 00:00 included), which is all the evaluation compares.
function time(text: string | undefined): number | null {
  const iso = parseShopTime(text ?? '', 'UTC')
  return iso === undefined ? null : Date.parse(iso)
}

/**
 * The delivered orders of an Olist folder that have every date (purchase, carrier handover, delivery,
 * estimate), as shipments from the first item's seller's state to the customer's state (and the first two
 * digits of the customer's postcode as the destination's area). Olist names no
 * carrier, so `carrier` is null.
 */
export async function readOlistShipments(folder: string, sellersPath: string): Promise<OlistShipment[]> {
  const [orders, customers, items, sellers] = await Promise.all([
    readCsv(join(folder, OLIST_FILES.orders)),
    readCsv(join(folder, OLIST_FILES.customers)),
    readCsv(join(folder, OLIST_FILES.items)),
    readCsv(sellersPath),
  ])
  requireColumns(orders, [
    'order_id',
    'customer_id',
    'order_status',
    'order_purchase_timestamp',
    'order_delivered_carrier_date',
    'order_delivered_customer_date',
    'order_estimated_delivery_date',
  ])
  requireColumns(customers, ['customer_id', 'customer_state', 'customer_zip_code_prefix'])
  requireColumns(items, ['order_id', 'order_item_id', 'seller_id'])
  requireColumns(sellers, ['seller_id', 'seller_state'])
  const stateOfCustomer = new Map(
    customers.rows.map((r) => [r.fields.customer_id!, r.fields.customer_state!]),
  )
  // A CEP's first two digits are a sub-region (the capital's metropolis or a stretch of interior): finer
  // groups than that are thin for 4,000 orders (one, two and three digits tie on the tuning split).
  const areaOfCustomer = new Map(
    customers.rows.map((r) => [
      r.fields.customer_id!,
      r.fields.customer_zip_code_prefix?.slice(0, 2) ?? null,
    ]),
  )
  const stateOfSeller = new Map(sellers.rows.map((r) => [r.fields.seller_id!, r.fields.seller_state!]))
  const sellerOfOrder = new Map<string, string>()
  for (const { fields } of items.rows)
    if (fields.order_item_id === '1') sellerOfOrder.set(fields.order_id!, fields.seller_id!)
  const shipments: OlistShipment[] = []
  for (const { fields } of orders.rows) {
    const purchasedAt = time(fields.order_purchase_timestamp)
    const handedOverAt = time(fields.order_delivered_carrier_date)
    const deliveredAt = time(fields.order_delivered_customer_date)
    const estimatedAt = time(fields.order_estimated_delivery_date)
    if (fields.order_status !== 'delivered' || purchasedAt === null || deliveredAt === null) continue
    if (handedOverAt === null || estimatedAt === null) continue
    const seller = sellerOfOrder.get(fields.order_id!) ?? null
    shipments.push({
      orderId: fields.order_id!,
      carrier: null,
      origin: (seller && stateOfSeller.get(seller)) ?? null,
      destination: stateOfCustomer.get(fields.customer_id!) ?? null,
      destinationArea: areaOfCustomer.get(fields.customer_id!) ?? null,
      seller,
      purchasedAt,
      handedOverAt,
      deliveredAt,
      estimatedAt,
    })
  }
  return shipments
}

import type { Product, RawMessage } from '../events/message.js'
import type { CsvRow, CsvTable } from './csv.js'
import { calendarDate, parseShopTime } from './local-time.js'
import { type CustomerSighting, identifiesOnChange, type MappedImport } from './messages.js'
import { type OlistCatalog, olistCatalog } from './olist-catalog.js'
import type { OlistTables } from './olist-files.js'
import { type OlistBasket, type OlistOrder, olistOrderEvents } from './olist-order.js'
import { olistReviewEvents, type ReviewedOrder } from './olist-reviews.js'
import { SkipLog } from './skips.js'
import { isBlank, parseDecimal, roundMoney } from './values.js'

export interface OlistOptions {
  /** Olist writes São Paulo wall-clock times. */
  timeZone?: string
}

interface Customer {
  /** The customers file line, to tell which rows no order used. */
  line: number
  userId: string
  traits: Record<string, unknown>
}

interface ImportedOrder {
  order: OlistOrder
  customer: Customer
}

/** Maps the Olist tables to Segment messages. Pure: tables in, messages and an account of every row out. */
export function mapOlist(tables: OlistTables, options: OlistOptions = {}): MappedImport {
  const timeZone = options.timeZone ?? 'America/Sao_Paulo'
  const skipped = new SkipLog()
  const all = Object.values(tables).filter((table): table is CsvTable => table !== undefined)
  for (const table of all) skipped.merge(table.skipped.list())

  const catalog = olistCatalog(tables.products, tables.categoryNames)
  const customers = customersById(tables.customers, skipped)
  const orderIdsInFile = new Set(tables.orders.rows.map((row) => row.fields.order_id ?? ''))
  const orders = importedOrders(tables.orders, customers, timeZone, skipped)
  const baskets = basketsByOrder(tables, orders, orderIdsInFile, catalog, skipped)

  const messages: RawMessage[] = []
  const sightings: CustomerSighting[] = []
  const reviewed = new Map<string, ReviewedOrder>()
  for (const [orderId, { order, customer }] of orders) {
    const basket = baskets.get(orderId) ?? { products: [], merchandise: 0, freight: 0 }
    messages.push(...olistOrderEvents(order, basket, { userId: customer.userId }))
    sightings.push({
      userId: customer.userId,
      timestamp: order.purchasedAt,
      traits: customer.traits,
      ref: orderId,
    })
    const firstProductId = basket.products[0]?.product_id
    reviewed.set(orderId, {
      userId: customer.userId,
      ...(firstProductId !== undefined && { firstProductId: String(firstProductId) }),
    })
  }
  messages.push(...identifiesOnChange('olist', sightings))
  messages.push(...olistReviewEvents(tables.reviews, reviewed, orderIdsInFile, timeZone, skipped))

  const customerLinesUsed = new Set([...orders.values()].map(({ customer }) => customer.line))
  for (const customer of customers.values())
    if (!customerLinesUsed.has(customer.line))
      skipped.add(tables.customers.file, customer.line, 'customer has no imported order')
  catalog.reportUnused(skipped)

  const rowsRead: Record<string, number> = {}
  for (const table of all) rowsRead[table.file] = table.rows.length + table.skipped.total
  const statuses = [...orders.values()].map(({ order }) => order.status)
  return {
    messages,
    rowsRead,
    skipped,
    facts: {
      orders: orders.size,
      customers: new Set(sightings.map((s) => s.userId)).size,
      'orders canceled': statuses.filter((s) => s === 'canceled').length,
      'orders unavailable (out of stock)': statuses.filter((s) => s === 'unavailable').length,
    },
  }
}

/** customer_id (one per order) → the person behind it (customer_unique_id) and the address of that order. */
function customersById(table: CsvTable, skipped: SkipLog): Map<string, Customer> {
  const customers = new Map<string, Customer>()
  for (const { line, fields } of table.rows) {
    const customerId = fields.customer_id ?? ''
    const uniqueId = fields.customer_unique_id ?? ''
    if (isBlank(customerId) || isBlank(uniqueId))
      skipped.add(table.file, line, 'customer_id or customer_unique_id is empty')
    else if (customers.has(customerId)) skipped.add(table.file, line, 'customer_id listed twice')
    else customers.set(customerId, { line, userId: uniqueId, traits: addressTraits(fields) })
  }
  return customers
}

function addressTraits(fields: Record<string, string>): Record<string, unknown> {
  const address: Record<string, string> = {}
  if (!isBlank(fields.customer_city)) address.city = fields.customer_city ?? ''
  if (!isBlank(fields.customer_state)) address.state = fields.customer_state ?? ''
  // Olist publishes only the first five digits of the CEP.
  if (!isBlank(fields.customer_zip_code_prefix)) address.postal_code = fields.customer_zip_code_prefix ?? ''
  address.country = 'BR'
  return { address }
}

function importedOrders(
  table: CsvTable,
  customers: Map<string, Customer>,
  timeZone: string,
  skipped: SkipLog,
): Map<string, ImportedOrder> {
  const orders = new Map<string, ImportedOrder>()
  for (const row of table.rows) {
    const skip = (reason: string) => skipped.add(table.file, row.line, reason)
    const orderId = row.fields.order_id ?? ''
    const customer = customers.get(row.fields.customer_id ?? '')
    const order = readOrder(row, timeZone)
    if (isBlank(orderId)) skip('order_id is empty')
    else if (orders.has(orderId)) skip('order_id listed twice')
    else if (!customer) skip('customer_id not in the customers file')
    else if (!order) skip('order_purchase_timestamp is not a date')
    else orders.set(orderId, { order, customer })
  }
  return orders
}

function readOrder({ fields }: CsvRow, timeZone: string): OlistOrder | undefined {
  const time = (column: string) => parseShopTime(fields[column] ?? '', timeZone)
  const purchasedAt = time('order_purchase_timestamp')
  if (!purchasedAt) return undefined
  const order: OlistOrder = {
    orderId: fields.order_id ?? '',
    status: (fields.order_status ?? '').trim(),
    purchasedAt,
  }
  const approvedAt = time('order_approved_at')
  const handedToCarrierAt = time('order_delivered_carrier_date')
  const deliveredAt = time('order_delivered_customer_date')
  const estimatedDelivery = calendarDate(fields.order_estimated_delivery_date ?? '')
  if (approvedAt) order.approvedAt = approvedAt
  if (handedToCarrierAt) order.handedToCarrierAt = handedToCarrierAt
  if (deliveredAt) order.deliveredAt = deliveredAt
  if (estimatedDelivery) order.estimatedDelivery = estimatedDelivery
  return order
}

/** Items become products (same product and price → one product with a quantity); payments sum to what was paid. */
function basketsByOrder(
  tables: OlistTables,
  orders: Map<string, ImportedOrder>,
  orderIdsInFile: Set<string>,
  catalog: OlistCatalog,
  skipped: SkipLog,
): Map<string, OlistBasket> {
  const baskets = new Map<string, OlistBasket & { byKey: Map<string, Product> }>()
  const basketOf = (orderId: string) => {
    let basket = baskets.get(orderId)
    if (!basket) {
      basket = { products: [], merchandise: 0, freight: 0, byKey: new Map() }
      baskets.set(orderId, basket)
    }
    return basket
  }
  const orderProblem = (orderId: string) =>
    orders.has(orderId)
      ? undefined
      : orderIdsInFile.has(orderId)
        ? 'its order was skipped'
        : 'order_id not in the orders file'

  const items = tables.items
  const itemRows = [...(items?.rows ?? [])].sort((a, b) => itemNumber(a) - itemNumber(b) || a.line - b.line)
  for (const { line, fields } of itemRows) {
    const skip = (reason: string) => skipped.add(items?.file ?? '', line, reason)
    const orderId = fields.order_id ?? ''
    const productId = fields.product_id ?? ''
    const price = parseDecimal(fields.price ?? '')
    const freight = isBlank(fields.freight_value) ? 0 : parseDecimal(fields.freight_value ?? '')
    const problem = orderProblem(orderId)
    if (problem) skip(problem)
    else if (isBlank(productId)) skip('product_id is empty')
    else if (price === undefined) skip('price is not a number')
    else if (freight === undefined) skip('freight_value is not a number')
    else {
      const basket = basketOf(orderId)
      basket.merchandise = roundMoney(basket.merchandise + price)
      basket.freight = roundMoney(basket.freight + freight)
      const key = `${productId}\u0000${price}`
      const product = basket.byKey.get(key)
      if (product) product.quantity = Number(product.quantity ?? 0) + 1
      else {
        const added: Product = { product_id: productId, ...catalog.factsOf(productId), price, quantity: 1 }
        basket.byKey.set(key, added)
        basket.products.push(added)
      }
    }
  }

  const payments = tables.payments
  for (const { line, fields } of payments?.rows ?? []) {
    const skip = (reason: string) => skipped.add(payments?.file ?? '', line, reason)
    const orderId = fields.order_id ?? ''
    const value = parseDecimal(fields.payment_value ?? '')
    const problem = orderProblem(orderId)
    if (problem) skip(problem)
    else if (value === undefined) skip('payment_value is not a number')
    else {
      const basket = basketOf(orderId)
      basket.paid = roundMoney((basket.paid ?? 0) + value)
    }
  }
  return new Map([...baskets].map(([id, { byKey: _, ...basket }]) => [id, basket]))
}

function itemNumber(row: CsvRow): number {
  return parseDecimal(row.fields.order_item_id ?? '') ?? Number.MAX_SAFE_INTEGER
}

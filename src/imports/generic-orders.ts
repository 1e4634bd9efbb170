import { CANCEL_REASONS, type CancelReason, type Product, type RawMessage } from '../events/message.js'
import type { CsvRow, CsvTable } from './csv.js'
import { fitEventSize } from './event-size.js'
import { parseShopTime } from './local-time.js'
import {
  type CustomerSighting,
  compareText,
  identifiesOnChange,
  type MappedImport,
  type Person,
  trackMessage,
} from './messages.js'
import { SkipLog } from './skips.js'
import { isBlank, parseDecimal, parseWholeNumber, roundMoney } from './values.js'

/** Columns a generic orders CSV must have (README: "Generic orders CSV"). */
export const GENERIC_REQUIRED_COLUMNS = [
  'order_id',
  'order_date',
  'quantity',
  'unit_price',
  'currency',
] as const

export interface GenericOrdersOptions {
  /** Zone of order dates written without an offset. */
  timeZone?: string
}

type LineStatus = 'completed' | 'cancelled' | 'refunded'

/** One valid row of the file: a product line of an order. */
interface OrderLine {
  line: number
  orderId: string
  customer?: { userId: string; traits: Record<string, string> }
  orderedAt: string
  paid: boolean
  status: LineStatus
  /** When the line was cancelled or refunded; the order date when not given. */
  changedAt: string
  reason?: string
  currency: string
  product: Product & { price: number; quantity: number }
}

const STATUSES: Record<string, LineStatus> = {
  '': 'completed',
  completed: 'completed',
  paid: 'completed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  refunded: 'refunded',
}
const YES = new Set(['', 'true', 'yes', 'y', '1'])
const NO = new Set(['false', 'no', 'n', '0'])

/** Maps a generic orders CSV (one row per order line) to Segment messages. Pure. */
export function mapGenericOrders(table: CsvTable, options: GenericOrdersOptions = {}): MappedImport {
  const timeZone = options.timeZone ?? 'UTC'
  const skipped = new SkipLog()
  skipped.merge(table.skipped.list())

  const orders = new Map<string, OrderLine[]>()
  for (const row of table.rows) {
    const result = readLine(row, timeZone)
    if (typeof result === 'string') {
      skipped.add(table.file, row.line, result)
      continue
    }
    const lines = orders.get(result.orderId)
    const first = lines?.[0]
    if (!lines) orders.set(result.orderId, [result])
    else if (first && first.currency !== result.currency)
      skipped.add(table.file, row.line, "currency differs from the order's first line")
    else if (first && first.customer?.userId !== result.customer?.userId)
      skipped.add(table.file, row.line, "customer differs from the order's first line")
    else lines.push(result)
  }

  const messages: RawMessage[] = []
  const sightings: CustomerSighting[] = []
  let shrunkOrders = 0
  for (const [orderId, lines] of orders) {
    for (const message of orderEvents(orderId, lines)) {
      const fitted = fitEventSize(message)
      if (fitted.shrunk) shrunkOrders += 1
      messages.push(fitted.message)
    }
    const first = lines[0]
    if (first?.customer) sightings.push({ ...first.customer, timestamp: first.orderedAt, ref: orderId })
  }
  messages.push(...identifiesOnChange('generic', sightings))

  return {
    messages,
    rowsRead: { [table.file]: table.rows.length + table.skipped.total },
    skipped,
    facts: {
      orders: orders.size,
      customers: new Set(sightings.map((sighting) => sighting.userId)).size,
      'guest orders': [...orders.values()].filter((lines) => !lines[0]?.customer).length,
      'orders shrunk to the 32 KB event limit': shrunkOrders,
    },
  }
}

/** Reads one row, or says what is wrong with it (the line number is added by the caller). */
function readLine({ line, fields }: CsvRow, timeZone: string): OrderLine | string {
  const text = (column: string) => (fields[column] ?? '').trim()
  const orderId = text('order_id')
  if (orderId === '') return 'order_id is empty'
  const orderedAt = parseShopTime(text('order_date'), timeZone)
  if (!orderedAt) return 'order_date is not a date (use ISO 8601, e.g. 2024-03-01T14:05:00+01:00)'
  const quantity = parseWholeNumber(text('quantity'))
  if (quantity === undefined || quantity < 1) return 'quantity is not a whole number of at least 1'
  const unitPrice = parseDecimal(text('unit_price'))
  if (unitPrice === undefined || unitPrice < 0) return 'unit_price is not a number of at least 0'
  const currency = text('currency').toUpperCase()
  if (!/^[A-Z]{3}$/.test(currency)) return 'currency is not a 3-letter ISO 4217 code'
  const status = STATUSES[text('status').toLowerCase()]
  if (!status) return 'status is not completed, cancelled or refunded'
  const paidText = text('paid').toLowerCase()
  if (!YES.has(paidText) && !NO.has(paidText)) return 'paid is not true or false'
  const changedAt = isBlank(fields.status_date) ? orderedAt : parseShopTime(text('status_date'), timeZone)
  if (!changedAt) return 'status_date is not a date'
  const cancelReason = text('cancel_reason').toLowerCase()
  if (status === 'cancelled' && cancelReason !== '' && !isCancelReason(cancelReason))
    return `cancel_reason is not one of ${CANCEL_REASONS.join(', ')}`
  const product = productOf(fields, unitPrice, quantity)
  if (!product) return 'no product_id, sku or product_name'

  const reason = status === 'cancelled' ? cancelReason : status === 'refunded' ? text('refund_reason') : ''
  const customer = customerOf(fields)
  return {
    line,
    orderId,
    ...(customer && { customer }),
    orderedAt,
    paid: !NO.has(paidText),
    status,
    changedAt,
    ...(reason !== '' && { reason }),
    currency,
    product,
  }
}

function isCancelReason(value: string): value is CancelReason {
  return (CANCEL_REASONS as readonly string[]).includes(value)
}

function productOf(
  fields: Record<string, string>,
  price: number,
  quantity: number,
): (Product & { price: number; quantity: number }) | undefined {
  const text = (column: string) => (fields[column] ?? '').trim()
  const productId = text('product_id') || text('sku')
  if (productId === '' && text('product_name') === '') return undefined
  const product: Product & { price: number; quantity: number } = { price, quantity }
  if (productId !== '') product.product_id = productId
  const optional: [keyof Product, string][] = [
    ['sku', 'sku'],
    ['name', 'product_name'],
    ['category', 'category'],
    ['brand', 'brand'],
    ['variant', 'variant'],
  ]
  for (const [field, column] of optional) if (text(column) !== '') product[field] = text(column)
  return product
}

/** customer_id is the person; without it the e-mail is; without either the order is a guest's. */
function customerOf(fields: Record<string, string>): OrderLine['customer'] {
  const text = (column: string) => (fields[column] ?? '').trim()
  const email = text('email').toLowerCase()
  const userId = text('customer_id') || email
  if (userId === '') return undefined
  const traits: Record<string, string> = {}
  if (email !== '') traits.email = email
  if (text('name') !== '') traits.name = text('name')
  if (text('phone') !== '') traits.phone = text('phone')
  return { userId, traits }
}

/** Payment (or an unpaid checkout), then each cancellation and refund at its own time. */
function orderEvents(orderId: string, lines: OrderLine[]): RawMessage[] {
  const first = lines[0]
  if (!first) return []
  const person: Person = first.customer
    ? { userId: first.customer.userId }
    : { anonymousId: `generic-guest:${orderId}` }
  const summary = (part: OrderLine[]) => ({
    order_id: orderId,
    total: roundMoney(part.reduce((sum, line) => sum + line.product.price * line.product.quantity, 0)),
    currency: first.currency,
    products: part.map((line) => line.product),
  })
  const events: RawMessage[] = []
  // The order as placed holds every line, including those later cancelled or refunded.
  const placed = summary(lines)
  events.push(
    first.paid
      ? trackMessage({
          messageId: `generic:order-completed:${orderId}`,
          event: 'Order Completed',
          person,
          timestamp: first.orderedAt,
          properties: { ...placed, revenue: placed.total },
        })
      : trackMessage({
          messageId: `generic:checkout-started:${orderId}`,
          event: 'Checkout Started',
          person,
          timestamp: first.orderedAt,
          properties: {
            order_id: orderId,
            value: placed.total,
            currency: first.currency,
            products: placed.products,
          },
        }),
  )
  for (const [status, event] of [
    ['cancelled', 'Order Cancelled'],
    ['refunded', 'Order Refunded'],
  ] as const) {
    // Lines changed at the same time for the same reason are one cancellation (or one refund).
    const groups = new Map<string, OrderLine[]>()
    for (const line of lines.filter((l) => l.status === status)) {
      const key = `${line.changedAt}:${line.reason ?? ''}`
      groups.set(key, [...(groups.get(key) ?? []), line])
    }
    for (const [key, part] of [...groups].sort(([a], [b]) => compareText(a, b))) {
      const reason = part[0]?.reason
      events.push(
        trackMessage({
          messageId: `generic:${event.toLowerCase().replace(' ', '-')}:${orderId}:${key.replace(/:$/, '')}`,
          event,
          person,
          timestamp: part[0]?.changedAt ?? first.orderedAt,
          properties: { ...summary(part), ...(reason && { reason }) },
        }),
      )
    }
  }
  return events
}

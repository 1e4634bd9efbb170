import type { Product, RawMessage } from '../events/message.js'
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

/** The columns of the UCI Online Retail file. */
export const ONLINE_RETAIL_COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const

export interface OnlineRetailOptions {
  /** The shop is in the UK and wrote UK wall-clock times (GMT in winter, BST in summer). */
  timeZone?: string
}

// Stock codes that are not goods: postage goes to `shipping`, the manual discount to `discount`.
const POSTAGE_CODES = new Set(['POST', 'DOT', 'C2'])
const DISCOUNT_CODE = 'D'

interface InvoiceLine {
  stockCode: string
  description: string
  quantity: number
  unitPrice: number
}

interface Invoice {
  invoiceNo: string
  /** Invoice numbers starting with C are cancellations (credit notes). */
  cancelled: boolean
  at: string
  customerId?: string
  country?: string
  lines: InvoiceLine[]
}

/** Maps UCI Online Retail rows to Segment messages: one order (or cancellation) per invoice. Pure. */
export function mapOnlineRetail(table: CsvTable, options: OnlineRetailOptions = {}): MappedImport {
  const timeZone = options.timeZone ?? 'Europe/London'
  const skipped = new SkipLog()
  skipped.merge(table.skipped.list())
  const invoices = new Map<string, Invoice>()
  let guestRows = 0
  for (const row of table.rows) {
    if (isBlank(row.fields.CustomerID)) guestRows += 1
    const problem = addRow(invoices, row, timeZone)
    if (problem) skipped.add(table.file, row.line, problem)
  }

  const messages: RawMessage[] = []
  const sightings: CustomerSighting[] = []
  let shrunkOrders = 0
  for (const invoice of invoices.values()) {
    const fitted = fitEventSize(invoiceEvent(invoice))
    if (fitted.shrunk) shrunkOrders += 1
    messages.push(fitted.message)
    if (invoice.customerId)
      sightings.push({
        userId: invoice.customerId,
        timestamp: invoice.at,
        traits: invoice.country ? { address: { country: invoice.country } } : {},
        ref: invoice.invoiceNo,
      })
  }
  messages.push(...identifiesOnChange('uci', sightings))

  const all = [...invoices.values()]
  return {
    messages,
    rowsRead: { [table.file]: table.rows.length + table.skipped.total },
    skipped,
    facts: {
      invoices: all.filter((invoice) => !invoice.cancelled).length,
      'cancellation invoices': all.filter((invoice) => invoice.cancelled).length,
      customers: new Set(sightings.map((sighting) => sighting.userId)).size,
      'guest invoices': all.filter((invoice) => !invoice.customerId).length,
      'rows without a CustomerID': guestRows,
      'orders shrunk to the 32 KB event limit': shrunkOrders,
    },
  }
}

/** Adds one row to its invoice, or says why it cannot be part of an order. */
function addRow(invoices: Map<string, Invoice>, { fields }: CsvRow, timeZone: string): string | undefined {
  const invoiceNo = (fields.InvoiceNo ?? '').trim()
  const stockCode = (fields.StockCode ?? '').trim()
  const quantity = parseWholeNumber(fields.Quantity ?? '')
  const unitPrice = parseDecimal(fields.UnitPrice ?? '')
  const at = parseShopTime(fields.InvoiceDate ?? '', timeZone)
  if (invoiceNo === '') return 'InvoiceNo is empty'
  // "A" invoices are the shop writing off bad debt: bookkeeping, not something a customer did.
  if (invoiceNo.startsWith('A')) return 'bad-debt adjustment (InvoiceNo starting with A)'
  if (stockCode === '') return 'StockCode is empty'
  if (quantity === undefined) return 'Quantity is not a whole number'
  if (unitPrice === undefined) return 'UnitPrice is not a number'
  if (at === undefined) return 'InvoiceDate is not a date'
  const cancelled = invoiceNo.startsWith('C')
  // Rows like "damaged", "check" or a blank description with price 0 are stock notes, not sales.
  if (!cancelled && quantity <= 0) return 'stock adjustment: Quantity ≤ 0 on a sales invoice'
  if (cancelled && quantity >= 0) return 'Quantity ≥ 0 on a cancellation invoice'
  if (unitPrice < 0) return 'UnitPrice is negative'
  if (unitPrice === 0) return 'stock note: UnitPrice is 0'

  let invoice = invoices.get(invoiceNo)
  if (!invoice) {
    invoice = { invoiceNo, cancelled, at, lines: [] }
    invoices.set(invoiceNo, invoice)
  }
  // Rows of one invoice can be a minute apart: the order happened at the first.
  if (compareText(at, invoice.at) < 0) invoice.at = at
  const customerId = customerIdOf(fields.CustomerID)
  if (customerId && !invoice.customerId) invoice.customerId = customerId
  const country = (fields.Country ?? '').trim()
  if (country !== '' && country !== 'Unspecified' && !invoice.country) invoice.country = country
  invoice.lines.push({ stockCode, description: (fields.Description ?? '').trim(), quantity, unitPrice })
  return undefined
}

/** Some copies of the data set write CustomerID as a float ("17850.0"). */
function customerIdOf(text: string | undefined): string | undefined {
  if (isBlank(text)) return undefined
  return (text ?? '').trim().replace(/\.0+$/, '')
}

function invoiceEvent(invoice: Invoice): RawMessage {
  const person: Person = invoice.customerId
    ? { userId: invoice.customerId }
    : // A guest has no id across invoices: each guest invoice is its own anonymous visitor.
      { anonymousId: `uci-guest:${invoice.invoiceNo}` }
  const amounts = invoiceAmounts(invoice.lines)
  const properties = {
    order_id: invoice.invoiceNo,
    total: invoice.cancelled ? amounts.credited : amounts.total,
    currency: 'GBP',
    products: amounts.products,
  }
  if (invoice.cancelled)
    return trackMessage({
      messageId: `uci:order-cancelled:${invoice.invoiceNo}`,
      event: 'Order Cancelled',
      person,
      timestamp: invoice.at,
      // The data gives no reason; `other` keeps radar from reading a missing reason as a customer request.
      properties: { ...properties, reason: 'other' },
    })
  return trackMessage({
    messageId: `uci:order-completed:${invoice.invoiceNo}`,
    event: 'Order Completed',
    person,
    timestamp: invoice.at,
    properties: {
      ...properties,
      revenue: amounts.revenue,
      ...(amounts.shipping > 0 && { shipping: amounts.shipping }),
      ...(amounts.discount > 0 && { discount: amounts.discount }),
    },
  })
}

/**
 * Products and money of an invoice. Cancellation invoices carry negative quantities; events carry the
 * amounts cancelled as positive numbers. Same stock code at the same price becomes one product.
 */
function invoiceAmounts(lines: InvoiceLine[]) {
  const products = new Map<string, Product & { quantity: number }>()
  let revenue = 0
  let shipping = 0
  let discount = 0
  for (const line of lines) {
    const quantity = Math.abs(line.quantity)
    const amount = quantity * line.unitPrice
    if (POSTAGE_CODES.has(line.stockCode)) shipping += amount
    else if (line.stockCode === DISCOUNT_CODE) discount += amount
    else {
      revenue += amount
      const key = `${line.stockCode}\u0000${line.unitPrice}`
      const product = products.get(key)
      if (product) product.quantity += quantity
      else
        products.set(key, {
          product_id: line.stockCode,
          sku: line.stockCode,
          ...(line.description !== '' && { name: line.description }),
          price: line.unitPrice,
          quantity,
        })
    }
  }
  return {
    products: [...products.values()],
    revenue: roundMoney(revenue),
    shipping: roundMoney(shipping),
    discount: roundMoney(discount),
    // On a sale the discount lowers what was paid; on a credit note a D line is money given back, like
    // the goods, so it adds to the amount cancelled.
    total: roundMoney(revenue + shipping - discount),
    credited: roundMoney(revenue + shipping + discount),
  }
}

import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { type CsvTable, readCsv, requireColumns } from './csv.js'
import { ImportError } from './import-error.js'

/** The Kaggle file names of the Olist data set. */
export const OLIST_FILES = {
  orders: 'olist_orders_dataset.csv',
  customers: 'olist_customers_dataset.csv',
  items: 'olist_order_items_dataset.csv',
  payments: 'olist_order_payments_dataset.csv',
  reviews: 'olist_order_reviews_dataset.csv',
  products: 'olist_products_dataset.csv',
  categoryNames: 'product_category_name_translation.csv',
} as const

/** The Olist files of one folder; only orders and customers are required. */
export interface OlistTables {
  orders: CsvTable
  customers: CsvTable
  items?: CsvTable
  payments?: CsvTable
  reviews?: CsvTable
  products?: CsvTable
  categoryNames?: CsvTable
}

const REQUIRED_COLUMNS: Record<keyof OlistTables, readonly string[]> = {
  orders: ['order_id', 'customer_id', 'order_status', 'order_purchase_timestamp'],
  customers: ['customer_id', 'customer_unique_id'],
  items: ['order_id', 'order_item_id', 'product_id', 'price', 'freight_value'],
  payments: ['order_id', 'payment_value'],
  reviews: ['review_id', 'order_id', 'review_score', 'review_creation_date'],
  products: ['product_id'],
  categoryNames: ['product_category_name', 'product_category_name_english'],
}

/** Reads the Olist files of a folder. Throws an ImportError when orders or customers are missing. */
export async function readOlistFolder(folder: string): Promise<OlistTables> {
  const read = async (key: keyof OlistTables): Promise<CsvTable | undefined> => {
    const path = join(folder, OLIST_FILES[key])
    if (!(await exists(path))) return undefined
    const table = await readCsv(path)
    requireColumns(table, REQUIRED_COLUMNS[key])
    return table
  }
  const [orders, customers, items, payments, reviews, products, categoryNames] = await Promise.all([
    read('orders'),
    read('customers'),
    read('items'),
    read('payments'),
    read('reviews'),
    read('products'),
    read('categoryNames'),
  ])
  // Olist's customer_id is per order; only the customers file says which orders belong to one person.
  if (!orders || !customers)
    throw new ImportError(
      `${folder} needs ${OLIST_FILES.orders} and ${OLIST_FILES.customers} (the others are optional)`,
    )
  return { orders, customers, items, payments, reviews, products, categoryNames }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

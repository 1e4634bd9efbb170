import { z } from 'zod'
import { gmtTime, platformId, text } from '../fields.js'
import { amountSchema } from '../money.js'

/**
 * WooCommerce's webhook bodies (its REST API v3 objects), read loosely. Times are read from the `*_gmt`
 * fields, which are UTC written without an offset.
 */

const metaData = z
  .array(z.looseObject({ key: z.string(), value: z.unknown() }))
  .max(1000)
  .nullish()

const contact = z
  .looseObject({
    first_name: text.nullish(),
    last_name: text.nullish(),
    email: z.string().max(320).nullish(),
    phone: z.string().max(64).nullish(),
    country: z.string().max(8).nullish(),
  })
  .nullish()

/** WooCommerce's customer id: 0 for a guest. */
const customerNumber = z.union(
  [z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)],
  {
    error: 'expected a customer id (0 for a guest)',
  },
)

export const wooLineItem = z.looseObject({
  id: platformId.nullish(),
  name: text.nullish(),
  product_id: z.number().int().nonnegative().nullish(),
  variation_id: z.number().int().nonnegative().nullish(),
  quantity: z.number().int({ error: 'expected a whole number of items' }),
  total: amountSchema.nullish(),
  sku: z.string().max(256).nullish(),
  price: amountSchema,
})
export type WooLineItem = z.infer<typeof wooLineItem>

export const wooOrderSchema = z.looseObject({
  id: platformId,
  status: z.string().min(1).max(100),
  currency: z.string().length(3, 'expected an ISO 4217 code such as "USD"'),
  date_created_gmt: gmtTime,
  date_modified_gmt: gmtTime.nullish(),
  date_paid_gmt: gmtTime.nullish(),
  discount_total: amountSchema.nullish(),
  shipping_total: amountSchema.nullish(),
  total_tax: amountSchema.nullish(),
  total: amountSchema,
  customer_id: customerNumber.default(0),
  billing: contact,
  line_items: z.array(wooLineItem).max(1000),
  coupon_lines: z
    .array(z.looseObject({ code: z.string() }))
    .max(100)
    .nullish(),
  refunds: z
    .array(z.looseObject({ id: platformId, reason: text.nullish(), total: amountSchema }))
    .max(1000)
    .nullish(),
  meta_data: metaData,
})
export type WooOrder = z.infer<typeof wooOrderSchema>

/** An order.deleted body: WooCommerce sends the id alone. */
export const wooDeletedSchema = z.looseObject({ id: platformId })

export const wooCustomerSchema = z.looseObject({
  id: platformId,
  email: z.string().max(320).nullish(),
  first_name: text.nullish(),
  last_name: text.nullish(),
  date_created_gmt: gmtTime.nullish(),
  date_modified_gmt: gmtTime.nullish(),
  billing: contact,
})
export type WooCustomer = z.infer<typeof wooCustomerSchema>

import { z } from 'zod'
import { offsetTime, platformId, text } from '../fields.js'
import { amountSchema } from '../money.js'

/**
 * Shopify's webhook bodies (the REST Admin API's objects), read loosely: only the fields the mapping
 * relies on are checked, the rest pass as sent. Shopify writes null for an absent value.
 */

const moneySet = z.looseObject({
  shop_money: z.looseObject({ amount: amountSchema, currency_code: z.string().nullish() }),
})

export const noteAttributes = z
  .array(z.looseObject({ name: z.string(), value: z.unknown() }))
  .max(500)
  .nullish()

export const lineItem = z.looseObject({
  id: platformId.nullish(),
  product_id: platformId.nullish(),
  variant_id: platformId.nullish(),
  sku: z.string().max(256).nullish(),
  title: text.nullish(),
  name: text.nullish(),
  variant_title: text.nullish(),
  vendor: text.nullish(),
  product_type: text.nullish(),
  price: amountSchema,
  quantity: z.number().int().nonnegative({ error: 'expected a whole number of items' }),
})
export type ShopifyLineItem = z.infer<typeof lineItem>

const consent = z.looseObject({ state: z.string().nullish() }).nullish()

export const customerSchema = z.looseObject({
  id: platformId,
  email: z.string().max(320).nullish(),
  phone: z.string().max(64).nullish(),
  first_name: text.nullish(),
  last_name: text.nullish(),
  created_at: offsetTime.nullish(),
  updated_at: offsetTime.nullish(),
  accepts_marketing: z.boolean().nullish(),
  email_marketing_consent: consent,
  sms_marketing_consent: consent,
  default_address: z.looseObject({ country_code: z.string().max(8).nullish() }).nullish(),
  locale: z.string().max(35).nullish(),
})
export type ShopifyCustomer = z.infer<typeof customerSchema>

/** The customer of an order or checkout: the embedded object is a subset, only its id is relied on. */
const embeddedCustomer = z
  .looseObject({
    id: platformId,
    email: z.string().max(320).nullish(),
    phone: z.string().max(64).nullish(),
    first_name: text.nullish(),
    last_name: text.nullish(),
  })
  .nullish()

const address = z
  .looseObject({
    first_name: text.nullish(),
    last_name: text.nullish(),
    phone: z.string().max(64).nullish(),
    country_code: z.string().max(8).nullish(),
  })
  .nullish()

export const transaction = z.looseObject({
  kind: z.string(),
  status: z.string().nullish(),
  amount: amountSchema,
  currency: z.string().nullish(),
})

export const refundSchema = z.looseObject({
  id: platformId,
  order_id: platformId,
  created_at: offsetTime.nullish(),
  processed_at: offsetTime.nullish(),
  note: text.nullish(),
  refund_line_items: z
    .array(
      z.looseObject({
        quantity: z.number().int().nonnegative({ error: 'expected a whole number of items' }),
        subtotal: amountSchema.nullish(),
        subtotal_set: moneySet.nullish(),
        line_item: lineItem,
      }),
    )
    .max(1000)
    .default([]),
  transactions: z.array(transaction).max(1000).default([]),
})
export type ShopifyRefund = z.infer<typeof refundSchema>

export const orderSchema = z.looseObject({
  id: platformId,
  email: z.string().max(320).nullish(),
  phone: z.string().max(64).nullish(),
  created_at: offsetTime,
  processed_at: offsetTime.nullish(),
  cancelled_at: offsetTime.nullish(),
  cancel_reason: z.string().max(100).nullish(),
  financial_status: z.string().max(100).nullish(),
  currency: z.string().length(3, 'expected an ISO 4217 code such as "USD"'),
  total_price: amountSchema,
  subtotal_price: amountSchema.nullish(),
  total_discounts: amountSchema.nullish(),
  total_tax: amountSchema.nullish(),
  total_shipping_price_set: moneySet.nullish(),
  shipping_lines: z
    .array(z.looseObject({ price: amountSchema }))
    .max(100)
    .nullish(),
  discount_codes: z
    .array(z.looseObject({ code: z.string() }))
    .max(100)
    .nullish(),
  line_items: z.array(lineItem).max(1000),
  checkout_token: z.string().min(1).max(256).nullish(),
  cart_token: z.string().min(1).max(256).nullish(),
  customer: embeddedCustomer,
  billing_address: address,
  note_attributes: noteAttributes,
  refunds: z.array(refundSchema).max(1000).nullish(),
})
export type ShopifyOrder = z.infer<typeof orderSchema>

export const checkoutSchema = z.looseObject({
  token: z.string().min(1).max(256),
  cart_token: z.string().max(256).nullish(),
  email: z.string().max(320).nullish(),
  phone: z.string().max(64).nullish(),
  created_at: offsetTime,
  updated_at: offsetTime.nullish(),
  completed_at: offsetTime.nullish(),
  currency: z.string().length(3, 'expected an ISO 4217 code such as "USD"'),
  total_price: amountSchema,
  abandoned_checkout_url: z.string().max(2000).nullish(),
  line_items: z.array(lineItem).max(1000),
  customer: embeddedCustomer,
  billing_address: address,
  note_attributes: noteAttributes,
})
export type ShopifyCheckout = z.infer<typeof checkoutSchema>

/** Only the shape Reel's shipping adapter does not check itself: which fulfilment, and its state. */
export const fulfillmentSchema = z.looseObject({
  id: platformId,
  order_id: platformId,
  status: z.string().max(100).nullish(),
  shipment_status: z.string().max(100).nullish(),
  created_at: offsetTime.nullish(),
  updated_at: offsetTime.nullish(),
  tracking_number: z.string().max(256).nullish(),
  tracking_numbers: z.array(z.string()).max(100).nullish(),
  line_items: z.array(lineItem).max(500).nullish(),
})

export const fulfillmentEventSchema = z.looseObject({
  id: platformId,
  fulfillment_id: platformId,
  order_id: platformId,
  status: z.string().min(1).max(100),
  happened_at: offsetTime.nullish(),
  created_at: offsetTime.nullish(),
})

const privacyCustomer = z.looseObject({
  id: platformId,
  email: z.string().max(320).nullish(),
  phone: z.string().max(64).nullish(),
})

export const customersRedactSchema = z.looseObject({
  shop_domain: z.string().min(1).max(256),
  customer: privacyCustomer,
  orders_to_redact: z.array(platformId).max(100_000).nullish(),
})

export const customersDataRequestSchema = z.looseObject({
  shop_domain: z.string().min(1).max(256),
  customer: privacyCustomer,
  orders_requested: z.array(platformId).max(100_000).nullish(),
  data_request: z.looseObject({ id: platformId }).nullish(),
})

export const shopRedactSchema = z.looseObject({ shop_domain: z.string().min(1).max(256) })

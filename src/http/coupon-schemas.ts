import { z } from 'zod'
import { COUPON_KINDS, COUPON_STATES, GIFT_STATES, REDEMPTION_REFUSALS } from '../coupons/index.js'

/** Response shapes of the coupon wallet, shared by the admin API and the customer's wallet API. */

const discount = z.discriminatedUnion('type', [
  z.object({ type: z.literal('amount'), amount: z.number(), currency: z.string() }),
  z.object({
    type: z.literal('percent'),
    percent: z.number(),
    maxDiscount: z.number().nullable(),
    currency: z.string().nullable(),
  }),
])

export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(COUPON_KINDS),
  discount,
  minOrder: z.number(),
  validDays: z.number().nullable(),
  validUntil: z.string().nullable(),
  giftable: z.boolean(),
  maxGiftHops: z.number(),
  releaseOnCancel: z.boolean(),
  autoIssue: z.enum(['birthday']).nullable(),
  issueDaysBefore: z.number(),
  createdAt: z.string(),
  archivedAt: z.string().nullable(),
})

export const couponSchema = z.object({
  id: z.string(),
  code: z.string().describe('what the customer types at checkout'),
  templateId: z.string(),
  kind: z.enum(COUPON_KINDS),
  ownerId: z.string(),
  state: z.enum(COUPON_STATES),
  discount,
  minOrder: z.number(),
  faceValue: z.number(),
  giftable: z.boolean(),
  giftsLeft: z.number(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  source: z.string(),
  pendingGiftId: z.string().nullable(),
  redeemedOrderId: z.string().nullable(),
  redeemedAt: z.string().nullable(),
  discountGiven: z.number().nullable(),
})

export const giftSchema = z.object({
  id: z.string(),
  couponId: z.string(),
  giverId: z.string(),
  receiverId: z.string().nullable(),
  sentTo: z.string().nullable(),
  message: z.string().nullable(),
  state: z.enum(GIFT_STATES),
  hop: z.number(),
  createdAt: z.string(),
  claimExpiresAt: z.string(),
  resolvedAt: z.string().nullable(),
  claimedBy: z.string().nullable(),
  joinedThrough: z.boolean(),
})

export const sentGiftSchema = giftSchema.extend({
  claimUrl: z.string().nullable().describe('the link to pass to the friend, while the gift is pending'),
})

export const recipientSchema = z.union([
  z.object({ customerId: z.string().min(1) }),
  z.object({ email: z.email() }),
  z.object({ phone: z.string().regex(/^\+?[0-9 ()-]{6,20}$/, 'a phone number such as +82 10 1234 5678') }),
  z.object({ link: z.literal(true) }),
])

export const redeemBodySchema = z.object({
  coupon: z.string().min(1).describe('the code as typed, or the coupon id'),
  customerId: z.string().min(1),
  orderId: z.string().min(1),
  orderTotal: z.number().min(0).describe('the order total before the discount'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .default(null),
})

export const refusalSchema = z.enum(REDEMPTION_REFUSALS)

const money = z.object({ currency: z.string().nullable(), amount: z.number() })
const figures = z.object({
  giftsSent: z.number(),
  claimed: z.number(),
  declined: z.number(),
  cancelled: z.number(),
  expired: z.number(),
  pending: z.number(),
  givers: z.number(),
  signUps: z.number(),
  kFactor: z.number().nullable(),
  giftedOrders: z.number(),
  revenue: z.array(money),
  discount: z.array(money),
})

export const viralReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: figures,
  byKind: z.array(figures.extend({ kind: z.string() })),
  byMonth: z.array(figures.extend({ month: z.string() })),
  byKindAndMonth: z.array(figures.extend({ kind: z.string(), month: z.string() })),
})

export const ledgerEntrySchema = z.object({
  id: z.number(),
  couponId: z.string(),
  at: z.string(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  ownerBefore: z.string().nullable(),
  ownerAfter: z.string(),
  giftId: z.string().nullable(),
  orderId: z.string().nullable(),
  actor: z.string(),
  details: z.record(z.string(), z.unknown()),
})

/** The coupon and gift routes of the admin API as the Coupons page uses them (src/http/coupon-routes.ts). */
import { call, type Money, query } from '../../api'

export const COUPON_KINDS = ['birthday', 'win_back', 'welcome', 'apology', 'loyalty', 'other'] as const
export type CouponKind = (typeof COUPON_KINDS)[number]

export type Discount =
  | { type: 'amount'; amount: number; currency: string }
  | { type: 'percent'; percent: number; maxDiscount: number | null; currency: string | null }

export interface Template {
  id: string
  name: string
  kind: CouponKind
  discount: Discount
  minOrder: number
  validDays: number | null
  validUntil: string | null
  giftable: boolean
  maxGiftHops: number
  createdAt: string
  archivedAt: string | null
}

export interface TemplateFigures {
  templateId: string
  issued: number
  active: number
  redeemed: number
  expired: number
  voided: number
  gifted: number
}

/** What the create form sends (the API fills in the rest with its defaults). */
export interface TemplateInput {
  name: string
  kind: CouponKind
  discount:
    | { type: 'amount'; amount: number | null; currency: string }
    | { type: 'percent'; percent: number | null; maxDiscount: number | null; currency: string | null }
  minOrder: number | null
  validDays: number | null
  validUntil: string | null
  giftable: boolean
  maxGiftHops: number | null
}

export interface Coupon {
  id: string
  code: string
  templateId: string
  kind: string
  ownerId: string
  state: string
  discount: Discount
  issuedAt: string
  expiresAt: string
  redeemedOrderId: string | null
}

export interface Gift {
  id: string
  couponId: string
  giverId: string
  receiverId: string | null
  sentTo: string | null
  state: string
  hop: number
  createdAt: string
  claimedBy: string | null
  joinedThrough: boolean
}

export interface LedgerEntry {
  id: number
  at: string
  action: string
  fromState: string | null
  toState: string
  ownerBefore: string | null
  ownerAfter: string
  giftId: string | null
  orderId: string | null
  actor: string
}

export interface ViralFigures {
  giftsSent: number
  claimed: number
  declined: number
  cancelled: number
  expired: number
  pending: number
  givers: number
  signUps: number
  kFactor: number | null
  giftedOrders: number
  revenue: Money[]
  discount: Money[]
}

export interface Audit {
  coupons: number
  ledgerRows: number
  violations: { couponId: string; problem: string }[]
}

/** Every query of templates or their counts: a change refreshes them all. */
export const TEMPLATES_KEY = ['coupon-templates']

/** The gifts the chain graph draws at a time, newest first (the API caps a page at 1,000). */
const GIFTS_DRAWN = 200

export const couponsApi = {
  templates: () =>
    call<{ templates: Template[] }>('GET', `/coupon-templates${query({ includeArchived: 'true' })}`),
  templateFigures: () => call<{ templates: TemplateFigures[] }>('GET', '/coupon-templates/figures'),
  createTemplate: (input: TemplateInput) => call<Template>('POST', '/coupon-templates', input),
  archiveTemplate: (id: string) =>
    call<Template>('POST', `/coupon-templates/${encodeURIComponent(id)}/archive`),
  viral: () => call<{ from: string; to: string; total: ViralFigures }>('GET', '/gifts/figures'),
  gifts: (after?: string) =>
    call<{ gifts: Gift[]; next: string | null }>(
      'GET',
      `/gifts${query({ limit: String(GIFTS_DRAWN), after })}`,
    ),
  coupon: (idOrCode: string) =>
    call<{ coupon: Coupon; ledger: LedgerEntry[]; gifts: Gift[] }>(
      'GET',
      `/coupons/${encodeURIComponent(idOrCode)}`,
    ),
  audit: () => call<Audit>('GET', '/coupons/audit'),
}

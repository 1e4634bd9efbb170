import type { CouponsTables } from './migrations.js'
import { type CouponKind, type CouponState, type Discount, faceValue, type GiftState } from './rules.js'

type TemplateRow = CouponsTables['coupon_templates']
type CouponRow = CouponsTables['coupons']
type GiftRow = CouponsTables['coupon_gifts']

export interface CouponTemplate {
  id: string
  name: string
  kind: CouponKind
  discount: Discount
  minOrder: number
  validDays: number | null
  validUntil: string | null
  giftable: boolean
  /** How many times a coupon of this template may change hands by gift (0: never). */
  maxGiftHops: number
  releaseOnCancel: boolean
  /** Issued by Reel on a schedule: `birthday` issues `issueDaysBefore` days before each member's birthday. */
  autoIssue: 'birthday' | null
  issueDaysBefore: number
  createdAt: string
  archivedAt: string | null
}

export interface Coupon {
  id: string
  code: string
  templateId: string
  kind: CouponKind
  ownerId: string
  state: CouponState
  discount: Discount
  minOrder: number
  /** What it is worth before any order (the amount, or a percent coupon's cap). */
  faceValue: number
  giftable: boolean
  /** Gifts it may still go through. */
  giftsLeft: number
  /** Its owner got it as a gift (it has changed hands at least once). */
  receivedAsGift: boolean
  issuedAt: string
  expiresAt: string
  source: string
  pendingGiftId: string | null
  redeemedOrderId: string | null
  redeemedAt: string | null
  discountGiven: number | null
}

export interface Gift {
  id: string
  couponId: string
  giverId: string
  /** The member it was given to; null for a claim link anyone may take. */
  receiverId: string | null
  sentTo: string | null
  message: string | null
  state: GiftState
  /** 1 for the first gift of a coupon, 2 when its receiver gives it on, … */
  hop: number
  createdAt: string
  claimExpiresAt: string
  resolvedAt: string | null
  claimedBy: string | null
  /** The receiver became a member through this gift. */
  joinedThrough: boolean
}

const iso = (d: Date | null) => d?.toISOString() ?? null
const num = (v: number | string | null) => (v === null ? null : Number(v))

function discountOf(
  row: Pick<TemplateRow, 'discount_type' | 'amount' | 'percent' | 'max_discount' | 'currency'>,
): Discount {
  return row.discount_type === 'amount'
    ? { type: 'amount', amount: Number(row.amount), currency: row.currency ?? '' }
    : {
        type: 'percent',
        percent: Number(row.percent),
        maxDiscount: num(row.max_discount),
        currency: row.currency,
      }
}

export function toTemplate(row: TemplateRow): CouponTemplate {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as CouponKind,
    discount: discountOf(row),
    minOrder: Number(row.min_order),
    validDays: row.valid_days,
    validUntil: iso(row.valid_until),
    giftable: row.giftable,
    maxGiftHops: row.max_gift_hops,
    releaseOnCancel: row.release_on_cancel,
    autoIssue: row.auto_issue,
    issueDaysBefore: row.issue_days_before,
    createdAt: row.created_at.toISOString(),
    archivedAt: iso(row.archived_at),
  }
}

export function toCoupon(row: CouponRow): Coupon {
  const discount = discountOf(row)
  const minOrder = Number(row.min_order)
  return {
    id: row.id,
    code: row.code,
    templateId: row.template_id,
    kind: row.kind as CouponKind,
    ownerId: row.owner_id,
    state: row.state,
    discount,
    minOrder,
    faceValue: faceValue({ discount, minOrder }),
    giftable: row.giftable && row.max_gift_hops > 0,
    giftsLeft: row.giftable ? Math.max(0, row.max_gift_hops - row.hops) : 0,
    receivedAsGift: row.hops > 0,
    issuedAt: row.issued_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    source: row.source,
    pendingGiftId: row.pending_gift_id,
    redeemedOrderId: row.redeemed_order_id,
    redeemedAt: iso(row.redeemed_at),
    discountGiven: num(row.discount_given),
  }
}

export function toGift(row: GiftRow): Gift {
  return {
    id: row.id,
    couponId: row.coupon_id,
    giverId: row.giver_id,
    receiverId: row.receiver_id,
    sentTo: row.sent_to,
    message: row.message,
    state: row.state,
    hop: row.hop,
    createdAt: row.created_at.toISOString(),
    claimExpiresAt: row.claim_expires_at.toISOString(),
    resolvedAt: iso(row.resolved_at),
    claimedBy: row.claimed_by,
    joinedThrough: row.joined_through,
  }
}

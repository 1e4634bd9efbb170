/**
 * The admin API calls of the Customers and Customer pages; types mirror the routes' response schemas
 * (src/http/customer-admin-routes.ts, admin-routes.ts, coupon-routes.ts, message-routes.ts).
 */
import { call, query, type Signal } from '../../api'

export interface CustomerListItem {
  customerId: string
  name: string | null
  email: string | null
  phone: string | null
  isMember: boolean
  ordersCount: number
  totalSpend: number
  currency: string | null
  lastSeenAt: string
}
export interface CustomerPage {
  customers: CustomerListItem[]
  next: string | null
}

export interface Profile {
  customerId: string
  isMember: boolean
  traits: Record<string, unknown>
  email: string | null
  phone: string | null
  firstSeenAt: string
  lastSeenAt: string
  signedUpAt: string | null
  lastSignInAt: string | null
  eventsCount: number
  ordersCount: number
  totalSpend: number
  currency: string | null
  firstOrderAt: string | null
  lastOrderAt: string | null
}
export interface Order {
  orderId: string
  status: string
  currency: string | null
  total: number | null
  discount: number | null
  coupon: string | null
  checkoutAt: string | null
  completedAt: string | null
  cancelledAt: string | null
  refundedAmount: number
  refundedAt: string | null
}
export interface CartItem {
  product_id: string
  quantity: number
  price: number | null
  name: string | null
}
export interface Cart {
  cartId: string
  items: Record<string, CartItem>
  value: number
  itemCount: number
  createdAt: string
  lastActivityAt: string
}
export interface Coupon {
  id: string
  code: string
  templateId: string
  state: string
  faceValue: number
  expiresAt: string
  redeemedAt: string | null
}
export interface TimelineEvent {
  seq: number
  type: string
  event: string | null
  name: string | null
  timestamp: string
}
/** What the shop's fit in use predicts of the customer (src/http/predict-routes.ts). */
export interface CustomerPrediction {
  fitId: number
  fittedAt: string
  pAlive: number
  expectedOrders90d: number
  expectedOrders365d: number
  expectedOrderValue: number | null
  predictedValue12m: number | null
  valueIfActive12m: number | null
  /** YYYY-MM-DD; null: not expected within a year. */
  nextOrderOn: string | null
  currency: string | null
  atRiskSince: string | null
  explanation: { en: string; ko: string }
}
export interface CustomerDetail {
  profile: Profile
  /** null: the fit in use holds nothing of the customer (no order yet), or there is no fit yet. */
  predictions: CustomerPrediction | null
  orders: Order[]
  carts: Cart[]
  signals: Signal[]
  coupons: Coupon[]
  timeline: TimelineEvent[]
}

export interface ConsentChoice {
  channel: string
  messageType: string
  allowed: boolean
  source: string
  changedAt: string | null
}

export interface Message {
  id: string
  channel: string
  messageType: string
  subject: string | null
  state: string
  createdAt: string
  sentAt: string | null
}

export interface Gift {
  id: string
  couponId: string
  giverId: string
  receiverId: string | null
  sentTo: string | null
  state: string
  createdAt: string
  resolvedAt: string | null
}

const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`
/** As many of a customer's messages and gifts as the page shows (the timeline holds 100 events). */
const RECENT = '100'

export const customerApi = {
  list: (search: string, after: string | undefined, limit: number) =>
    call<CustomerPage>('GET', `/customers${query({ search: search.trim(), after, limit: String(limit) })}`),
  detail: (id: string) => call<CustomerDetail>('GET', customerPath(id)),
  consent: (id: string) => call<{ choices: ConsentChoice[] }>('GET', `${customerPath(id)}/consent`),
  messages: (id: string) =>
    call<{ messages: Message[] }>('GET', `/messages${query({ customer: id, limit: RECENT })}`),
  gifts: (role: 'giver' | 'receiver', id: string) =>
    call<{ gifts: Gift[] }>('GET', `/gifts${query({ [role]: id, limit: RECENT })}`),
  templates: () =>
    call<{ templates: { id: string; name: string }[] }>('GET', '/coupon-templates?includeArchived=true'),
}

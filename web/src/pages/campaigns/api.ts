/**
 * The campaign routes as these pages use them. Types mirror the response schemas in
 * src/http/campaign-routes.ts, campaign-report-schemas.ts and template-routes.ts.
 */
import { call, query } from '../../api'

/** The radar's kinds a campaign can be triggered by (src/radar/kinds.ts RADAR_KINDS). */
export const SIGNAL_KINDS = [
  'cart_abandoned',
  'cancelled_after_payment',
  'returned',
  'out_of_stock',
  'negative_review',
  'browsing_not_buying',
  'dormant_soon',
  'dormant',
  'coupon_expiring_unused',
  'churn_risk',
] as const
export const SEND_CHANNELS = ['email', 'sms', 'messenger', 'webhook', 'log'] as const
export const MESSAGE_TYPES = ['marketing', 'order_updates'] as const
export const CONDITIONS = ['cart_still_abandoned', 'no_order_since_enrolment', 'coupon_still_unused'] as const
export const RULE_OPS = ['=', '!=', '>', '>=', '<', '<='] as const
/** The profile fields an audience or segment rule tests, and the kind of value each holds (src/profiles). */
export const PROFILE_FIELDS = {
  orders_count: 'number',
  total_spend: 'number',
  days_since_last_order: 'number',
  days_since_last_seen: 'number',
  days_since_signed_up: 'number',
  is_member: 'boolean',
  currency: 'text',
  locale: 'text',
  country: 'text',
  // The predictions of the shop's latest good fit (src/predict): a customer it does not hold has none.
  p_alive: 'number',
  expected_orders_90d: 'number',
  expected_orders_365d: 'number',
  expected_order_value: 'number',
  predicted_value_12m: 'number',
  value_if_active_12m: 'number',
} as const
export type ProfileField = keyof typeof PROFILE_FIELDS
export type Channel = (typeof SEND_CHANNELS)[number]

export type RuleValue = number | string | boolean
export interface Rule {
  op: string
  value: RuleValue
}
export interface ProfileRule extends Rule {
  field: string
}
export interface EventRule extends Rule {
  property: string
}

export type Trigger =
  | { type: 'signal'; kind: string; maxAgeHours?: number }
  | { type: 'event'; event: string; where: EventRule[]; maxAgeHours?: number }
  | { type: 'segment'; rules: ProfileRule[]; everyHours?: number; reenterAfterDays?: number | null }

export type Step =
  | { type: 'wait'; hours: number }
  | { type: 'condition'; check: string }
  | {
      type: 'send'
      channel: Channel
      template: string
      messageType?: string
      couponTemplateId?: string | null
    }

export interface Caps {
  perChannelPerDay?: number
  perChannelPerWeek?: number
  globalPerWeek?: number
}

/** What POST and PUT /campaigns take. Numbers the marketer left empty are left out: the API's defaults. */
export interface CampaignInput {
  name: string
  trigger: Trigger
  audience: ProfileRule[] | { rules: ProfileRule[]; upliftModel: string | null; topShare: number }
  steps: Step[]
  holdoutShare?: number
  goalDays?: number
  quietHours: 'hold' | 'skip'
  caps: Caps
}

export interface Campaign extends CampaignInput {
  id: string
  state: 'draft' | 'active' | 'paused' | 'archived'
  starterKey: string | null
  activeSince: string | null
  createdAt: string
  updatedAt: string
  holdoutShare: number
  goalDays: number
}
export interface CampaignSummary extends Campaign {
  enrolled: { treatment: number; holdout: number }
  exposures: Record<string, number>
}

export interface Exposure {
  campaignId: string
  customerId: string
  arm: string
  step: number
  at: string
  outcome: string
  reason: string | null
  channel: string | null
  messageKey: string | null
}

export interface Interval {
  lower: number
  upper: number
}
export interface Estimate {
  estimate: number
  interval: Interval
  fixed: Interval
  sequential: Interval | null
  pValue: number
}
interface ArmFigures {
  n: number
  conversionRate: number | null
  ordersPerCustomer: number | null
  revenuePerCustomer: number | null
  discount: number
  messageCost: number
}
export interface Analysis {
  enough: boolean
  reason: string | null
  arms: { treatment: ArmFigures; holdout: ArmFigures }
  conversion: { absolute: Estimate; relative: Estimate } | null
  ordersPerCustomer: Estimate | null
  revenuePerCustomer: Estimate | null
  srm: { chiSquare: number; pValue: number; mismatch: boolean } | null
  money: {
    incrementalOrders: Estimate | null
    incrementalRevenue: Estimate | null
    discountCost: number
    messageCost: number
    incrementalProfit: Estimate | null
    promotionDilemma: { discount: number; shareOfDiscount: number } | null
  }
}
export interface Verdict {
  kind: string
  text: string
}
export interface ReportGroup {
  key: string
  analysis: Analysis
  verdict: Verdict
}
export interface DailyPoint {
  day: string
  treatment: number
  holdout: number
  conversionRate: { treatment: number | null; holdout: number | null }
  conversion: Estimate | null
  ordersPerCustomer: Estimate | null
  incrementalProfit: Estimate | null
}
export interface CampaignReport {
  campaignId: string
  goalDays: number
  asOf: string
  currency: string | null
  holdoutShare: number
  entered: { treatment: number; holdout: number }
  windowsOpen: number
  intervals: 'always-valid' | 'fixed'
  overall: ReportGroup
  breakdowns: { trigger: ReportGroup[]; buyer: ReportGroup[]; spendBand: ReportGroup[] }
  daily: DailyPoint[]
}
export interface CampaignsReport {
  currency: string | null
  campaigns: {
    campaignId: string
    report: { overall: ReportGroup; windowsOpen: number }
  }[]
}

export interface MessageTemplate {
  id: string
  name: string
  channel: Channel
  locale: string
  subject: string | null
  text: string
}
export interface Rendered {
  subject: string | null
  text: string
  html: string | null
}
export interface Warning {
  step: number
  channel: string
  message: string
}

const path = (id: string) => `/campaigns/${encodeURIComponent(id)}`

export const campaignsApi = {
  list: () => call<{ campaigns: CampaignSummary[] }>('GET', '/campaigns'),
  reportAll: (locale: string) => call<CampaignsReport>('GET', `/campaigns/report${query({ locale })}`),
  get: (id: string) => call<Campaign>('GET', path(id)),
  create: (input: CampaignInput) => call<Campaign>('POST', '/campaigns', input),
  update: (id: string, input: CampaignInput) => call<Campaign>('PUT', path(id), input),
  /** `resume` also starts a campaign that never ran (they are created paused). */
  act: (id: string, action: 'resume' | 'pause' | 'archive') =>
    call<Campaign & { warnings: Warning[] }>('POST', `${path(id)}/${action}`),
  exposures: (id: string, limit: number, customer?: string) =>
    call<{ exposures: Exposure[] }>(
      'GET',
      `${path(id)}/exposures${query({ limit: String(limit), customer })}`,
    ),
  report: (id: string, locale: string) =>
    call<CampaignReport>('GET', `${path(id)}/report${query({ locale })}`),
  templates: (channel: Channel) =>
    call<{ templates: MessageTemplate[] }>('GET', `/message-templates${query({ channel })}`),
  preview: (templateId: string, customerId: string) =>
    call<Rendered>('POST', `/message-templates/${encodeURIComponent(templateId)}/preview`, { customerId }),
}

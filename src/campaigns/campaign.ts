import { z } from 'zod'
import { profileRuleSchema } from '../profiles/index.js'
import { RADAR_KINDS } from '../radar/index.js'
import { audienceSchema } from './audience.js'
import { eventRuleSchema } from './event-rules.js'
import { stepSchema } from './flow.js'

/** Triggers older than this when the campaign reads them are left alone (an imported history's, say). */
const maxAgeHours = z
  .number()
  .positive()
  .max(24 * 365)
  .default(72)

/**
 * What makes a customer enter: a radar signal of a kind, a track event (optionally only those whose
 * properties match), or membership of a segment, checked on a schedule.
 */
export const triggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('signal'), kind: z.enum(RADAR_KINDS), maxAgeHours }),
  z.object({
    type: z.literal('event'),
    /** A track event's name, as the shop sends it (`Order Completed`, `Checkout Started`, ...). */
    event: z.string().trim().min(1).max(200),
    /** Every rule must hold on the event's properties. */
    where: z.array(eventRuleSchema).max(10).default([]),
    maxAgeHours,
  }),
  z.object({
    type: z.literal('segment'),
    /** The segment: members for whom every rule over their profile holds when it is checked. */
    rules: z.array(profileRuleSchema).min(1, 'a segment needs at least one rule').max(20),
    /** How often the segment is checked (hours). */
    everyHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 31)
      .default(24),
    /** A customer may enter again this many days after entering; null: once ever. */
    reenterAfterDays: z.number().int().min(1).max(3650).nullable().default(null),
  }),
])
export type Trigger = z.infer<typeof triggerSchema>

/** A trigger in a few words, for lists: `signal cart_abandoned`, `event Order Completed`, `segment every 24 h`. */
export function describeTrigger(trigger: Trigger): string {
  if (trigger.type === 'signal') return `signal ${trigger.kind}`
  if (trigger.type === 'event')
    return `event ${trigger.event}${trigger.where.length > 0 ? ` (${trigger.where.length} rules)` : ''}`
  return `segment every ${trigger.everyHours} h`
}

/** What kind of trigger, for totals by kind: `signal cart_abandoned`, `event Order Completed`, `segment`. */
export function triggerKind(trigger: Trigger): string {
  if (trigger.type === 'signal') return `signal ${trigger.kind}`
  if (trigger.type === 'event') return `event ${trigger.event}`
  return 'segment'
}

export const capsSchema = z.object({
  perChannelPerDay: z.number().int().positive().optional(),
  perChannelPerWeek: z.number().int().positive().optional(),
  globalPerWeek: z.number().int().positive().optional(),
})

/** A campaign as the API and the starter set write it. */
export const campaignInputSchema = z.object({
  name: z.string().min(1).max(200),
  trigger: triggerSchema,
  audience: audienceSchema,
  steps: z.array(stepSchema).min(1).max(20),
  holdoutShare: z.number().min(0).max(0.5).default(0.1),
  goalDays: z.number().int().min(1).max(90).default(7),
  quietHours: z.enum(['hold', 'skip']).default('hold'),
  caps: capsSchema.default({ perChannelPerDay: 1, globalPerWeek: 3 }),
})
export type CampaignInput = z.infer<typeof campaignInputSchema>

export const CAMPAIGN_STATES = ['draft', 'active', 'paused', 'archived'] as const
export type CampaignState = (typeof CAMPAIGN_STATES)[number]

export interface Campaign extends CampaignInput {
  id: string
  state: CampaignState
  starterKey: string | null
  activeSince: string | null
  createdAt: string
  updatedAt: string
}

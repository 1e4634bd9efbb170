import { z } from 'zod'
import { RADAR_KINDS } from '../radar/index.js'
import { audienceSchema } from './audience.js'
import { stepSchema } from './flow.js'

// Event and segment triggers (DESIGN section 5) are not built yet: the schema takes only what runs.
export const triggerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('signal'),
    kind: z.enum(RADAR_KINDS),
    /** Signals older than this when the campaign reads them are left alone (an imported history's, say). */
    maxAgeHours: z.number().positive().default(72),
  }),
])
export type Trigger = z.infer<typeof triggerSchema>

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

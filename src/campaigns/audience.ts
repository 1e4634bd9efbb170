import { z } from 'zod'
import { type ProfileRule, profileRuleSchema } from '../profiles/index.js'
import type { Targeting } from './targeting.js'

const rules = z.array(profileRuleSchema).max(20)

/**
 * Who a campaign may reach: members for whom every rule over their profile holds (an empty list takes every
 * member). The profiles module evaluates the rules in the database, for the customers a trigger names or, for
 * a segment, over all of them. Written as the list of rules, or as an object that also aims the campaign at
 * the top share of them by predicted uplift (`upliftModel`, `topShare`).
 */
export const audienceSchema = z
  .union([
    rules,
    z.strictObject({
      rules: rules.default([]),
      /** A stored uplift model's id (POST /api/v1/campaigns/:id/uplift-models trains one). */
      upliftModel: z.string().min(1).nullable().default(null),
      /** The share of the audience to take by predicted uplift, 0 (exclusive) to 1. */
      topShare: z.number().gt(0).max(1).default(1),
    }),
  ])
  .default([])
export type Audience = z.infer<typeof audienceSchema>
export type AudienceRule = ProfileRule

/** The audience's rules, whichever way it was written. */
export function audienceRules(audience: Audience): readonly ProfileRule[] {
  return Array.isArray(audience) ? audience : audience.rules
}

/** The audience's aim by predicted uplift, or null when it takes everyone the rules admit. */
export function audienceTargeting(audience: Audience): Targeting | null {
  if (Array.isArray(audience) || audience.upliftModel === null) return null
  return { upliftModel: audience.upliftModel, topShare: audience.topShare }
}

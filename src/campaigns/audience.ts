import { z } from 'zod'
import { type ProfileRule, profileRuleSchema } from '../profiles/index.js'

/**
 * Who a campaign may reach: members for whom every rule over their profile holds (an empty list takes every
 * member). The profiles module evaluates the rules in the database, for the customers a trigger names or, for
 * a segment, over all of them.
 */
export const audienceSchema = z.array(profileRuleSchema).max(20).default([])
export type AudienceRule = ProfileRule

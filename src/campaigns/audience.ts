import { z } from 'zod'

/** Profile fields a campaign's audience or segment can filter on. */
export const AUDIENCE_FIELDS = [
  'orders_count',
  'total_spend',
  'days_since_last_order',
  'days_since_last_seen',
  'is_member',
  'currency',
  'locale',
] as const
export type AudienceField = (typeof AUDIENCE_FIELDS)[number]

export const ruleSchema = z.object({
  field: z.enum(AUDIENCE_FIELDS),
  op: z.enum(['=', '!=', '>', '>=', '<', '<=']),
  value: z.union([z.number(), z.string(), z.boolean()]),
})
export type AudienceRule = z.infer<typeof ruleSchema>

/** All rules must hold (an empty list takes everyone). */
export const audienceSchema = z.array(ruleSchema).max(20).default([])

/** A customer's values of the audience fields. */
export type AudienceFacts = Record<AudienceField, number | string | boolean | null>

function compare(actual: number | string | boolean | null, rule: AudienceRule): boolean {
  if (actual === null) return rule.op === '!='
  switch (rule.op) {
    case '=':
      return actual === rule.value
    case '!=':
      return actual !== rule.value
    case '>':
      return actual > rule.value
    case '>=':
      return actual >= rule.value
    case '<':
      return actual < rule.value
    case '<=':
      return actual <= rule.value
  }
}

/** Whether a customer belongs to the audience. */
export function inAudience(rules: readonly AudienceRule[], facts: AudienceFacts): boolean {
  return rules.every((rule) => compare(facts[rule.field], rule))
}

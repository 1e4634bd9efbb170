import { z } from 'zod'

/**
 * One test on a property of the triggering event: `{ property: 'revenue', op: '>=', value: 100000 }`, or a
 * path into it, `'products.0.category'`. Numbers compare as numbers (a numeric string counts: `"4"` and 4
 * are the same rating), text and yes/no values only by `=` and `!=`. A property the event lacks matches only
 * `!=`.
 */
export const eventRuleSchema = z
  .object({
    property: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^.]+(\.[^.]+)*$/, 'a property name, or a path like products.0.category'),
    op: z.enum(['=', '!=', '>', '>=', '<', '<=']),
    value: z.union([z.number(), z.string().max(500), z.boolean()]),
  })
  .refine((rule) => typeof rule.value === 'number' || rule.op === '=' || rule.op === '!=', {
    path: ['op'],
    message: 'only a number compares with >, >=, < or <=; text and yes/no take = or !=',
  })
export type EventRule = z.infer<typeof eventRuleSchema>

function valueAt(properties: Record<string, unknown>, path: string): unknown {
  let value: unknown = properties
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

const asNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return undefined
}

function holds(rule: EventRule, actual: unknown): boolean {
  if (typeof rule.value === 'number') {
    const n = asNumber(actual)
    if (n === undefined) return rule.op === '!='
    switch (rule.op) {
      case '=':
        return n === rule.value
      case '!=':
        return n !== rule.value
      case '>':
        return n > rule.value
      case '>=':
        return n >= rule.value
      case '<':
        return n < rule.value
      case '<=':
        return n <= rule.value
    }
  }
  return rule.op === '=' ? actual === rule.value : actual !== rule.value
}

/** Whether an event's properties pass every rule (no rules: every event does). */
export function eventMatches(rules: readonly EventRule[], properties: Record<string, unknown>): boolean {
  return rules.every((rule) => holds(rule, valueAt(properties, rule.property)))
}

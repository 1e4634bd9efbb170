import { type RawBuilder, sql } from 'kysely'
import { z } from 'zod'
import type { AnyDb } from '../db/index.js'
import { predictionValue } from '../predict/index.js'

/** Profile fields a filter (a campaign's audience, a segment) can test, and what kind of value each holds. */
const FIELD_KINDS = {
  orders_count: 'number',
  total_spend: 'number',
  days_since_last_order: 'number',
  days_since_last_seen: 'number',
  days_since_signed_up: 'number',
  is_member: 'boolean',
  currency: 'text',
  locale: 'text',
  country: 'text',
  // The predictions of the shop's latest good fit (src/predict): null for a customer it does not hold.
  p_alive: 'number',
  expected_orders_90d: 'number',
  expected_orders_365d: 'number',
  expected_order_value: 'number',
  predicted_value_12m: 'number',
  value_if_active_12m: 'number',
} as const
export type ProfileField = keyof typeof FIELD_KINDS
export const PROFILE_FILTER_FIELDS = Object.keys(FIELD_KINDS) as [ProfileField, ...ProfileField[]]

const ORDERED_OPS = ['>', '>=', '<', '<='] as const
export const PROFILE_FILTER_OPS = ['=', '!=', ...ORDERED_OPS] as const

/**
 * One test on a profile field. The value must be of the field's kind, and text and yes/no fields take only
 * `=` and `!=`, so a rule that could never mean anything is refused when it is saved, not silently false.
 * A customer without a value (no order yet: no `days_since_last_order`) matches only `!=`.
 */
export const profileRuleSchema = z
  .object({
    field: z.enum(PROFILE_FILTER_FIELDS),
    op: z.enum(PROFILE_FILTER_OPS),
    value: z.union([z.number(), z.string().max(200), z.boolean()]),
  })
  .superRefine((rule, ctx) => {
    const kind = FIELD_KINDS[rule.field]
    const actual = typeof rule.value === 'string' ? 'text' : typeof rule.value
    if (actual !== kind)
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${rule.field} holds a ${kind === 'text' ? 'text' : kind}, not a ${actual}`,
      })
    if (kind !== 'number' && (ORDERED_OPS as readonly string[]).includes(rule.op))
      ctx.addIssue({
        code: 'custom',
        path: ['op'],
        message: `${rule.field} takes = or != (it is not a number)`,
      })
  })
export type ProfileRule = z.infer<typeof profileRuleSchema>

/** Whole days from a moment to `now`, as the filters count them (null when there is no moment). */
function daysSince(column: RawBuilder<unknown>, now: Date): RawBuilder<unknown> {
  return sql`floor(extract(epoch from (${now}::timestamptz - ${column})) / 86400)`
}

function expressionOf(field: ProfileField, now: Date): RawBuilder<unknown> {
  switch (field) {
    case 'days_since_last_order':
      return daysSince(sql.ref('last_order_at'), now)
    case 'days_since_last_seen':
      return daysSince(sql.ref('last_seen_at'), now)
    case 'days_since_signed_up':
      return daysSince(sql.ref('signed_up_at'), now)
    case 'locale':
      return sql`lower(traits->>'locale')`
    case 'country':
      return sql`upper(coalesce(traits->>'country', traits#>>'{address,country}'))`
    case 'currency':
      return sql`upper(currency)`
    case 'p_alive':
    case 'expected_orders_90d':
    case 'expected_orders_365d':
    case 'expected_order_value':
    case 'predicted_value_12m':
    case 'value_if_active_12m':
      return predictionValue(field, sql.ref('customers.customer_id'))
    default:
      return sql.ref(field)
  }
}

function conditionOf(rule: ProfileRule, now: Date): RawBuilder<unknown> {
  const field = expressionOf(rule.field, now)
  const value =
    rule.field === 'locale' && typeof rule.value === 'string'
      ? rule.value.toLowerCase()
      : (rule.field === 'country' || rule.field === 'currency') && typeof rule.value === 'string'
        ? rule.value.toUpperCase()
        : rule.value
  const typed = sql`${value}::${sql.raw(FIELD_KINDS[rule.field] === 'number' ? 'numeric' : FIELD_KINDS[rule.field])}`
  if (rule.op === '!=') return sql`${field} is distinct from ${typed}`
  return sql`${field} ${sql.raw(rule.op)} ${typed}`
}

/**
 * Members for whom every rule holds as of `now`, in customer id order: among `among` when given, else
 * all of them a page at a time (`after` the last id of the previous page).
 */
export async function membersMatching(
  db: AnyDb,
  rules: readonly ProfileRule[],
  now: Date,
  options: { among?: readonly string[]; after?: string; limit?: number },
): Promise<string[]> {
  if (options.among?.length === 0) return []
  const conditions = [
    sql`is_member`,
    ...(options.among ? [sql`customer_id = any(${[...options.among]}::text[])`] : []),
    ...(options.after !== undefined ? [sql`customer_id > ${options.after}`] : []),
    ...rules.map((rule) => conditionOf(rule, now)),
  ]
  const limit = options.limit === undefined ? sql`` : sql`limit ${options.limit}`
  const result = await sql<{ customer_id: string }>`
    select customer_id from customers where ${sql.join(conditions, sql` and `)}
    order by customer_id ${limit}`.execute(db)
  return result.rows.map((r) => r.customer_id)
}

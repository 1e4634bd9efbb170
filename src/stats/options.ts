import { z } from 'zod'
import type { AnalysisOptions, ArmSummary } from './types.js'

/** The analysis settings, checked where a caller builds them from configuration. */
export const analysisOptionsSchema = z.object({
  confidence: z.number().gt(0).lt(1),
  holdoutShare: z.number().min(0).max(1),
  grossMargin: z.number().min(0).max(1),
  sequential: z.object({ enabled: z.boolean(), tuning: z.number().positive().finite() }),
})

const count = z.number().int().nonnegative()
const sum = z.number().finite()
const armSummarySchema = z
  .object({
    n: count,
    converted: count,
    orders: sum,
    ordersSq: sum,
    revenue: sum,
    revenueSq: sum,
    preSpend: sum,
    preSpendSq: sum,
    revenueXPreSpend: sum,
    discount: sum,
    messageCost: sum,
  })
  .refine((arm) => arm.converted <= arm.n, { message: 'converted exceeds n', path: ['converted'] })

/** Defaults: 95% intervals, always-valid intervals on with GrowthBook's tuning, a 10% holdout, 40% margin. */
export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = Object.freeze({
  confidence: 0.95,
  holdoutShare: 0.1,
  grossMargin: 0.4,
  sequential: Object.freeze({ enabled: true, tuning: 5000 }),
})

function check<T>(schema: z.ZodType<T>, value: unknown, name: string): void {
  const result = schema.safeParse(value)
  if (result.success) return
  const issue = result.error.issues[0]
  const path = [name, ...(issue?.path ?? [])].join('.')
  throw new RangeError(`${path}: ${issue?.message ?? 'invalid'}`)
}

/** Throws a RangeError naming the field when an arm's sums or the options cannot be analysed. */
export function checkInputs(
  arms: Record<'treatment' | 'holdout', ArmSummary>,
  options: AnalysisOptions,
): void {
  check(armSummarySchema, arms.treatment, 'arms.treatment')
  check(armSummarySchema, arms.holdout, 'arms.holdout')
  check(analysisOptionsSchema, options, 'options')
}

import { z } from 'zod'
import type { AnalysisOptions, ArmSummary } from './types.js'

/** The analysis settings, checked where a caller builds them from configuration. */
export const analysisOptionsSchema = z.object({
  confidence: z.number().gt(0).lt(1),
  holdoutShare: z.number().min(0).max(1),
  grossMargin: z.number().min(0).max(1),
  sequential: z.object({ enabled: z.boolean(), tuning: z.number().positive().finite() }),
  minimumConverters: z.number().int().nonnegative().optional(),
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

/**
 * Below 30 converters in an arm the normal approximations behind every interval fail: the honesty check
 * (docs/benchmarks.md, ## honesty) measured 89–91% coverage of nominal 95% intervals there, and the early
 * looks of small campaigns pushed the always-valid revenue interval's false positives over 5%.
 */
export const MINIMUM_CONVERTERS = 30

/**
 * Defaults: 95% intervals, always-valid intervals on with GrowthBook's tuning, a 10% holdout, 40% margin,
 * 30 converters per arm before any estimate.
 */
export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = Object.freeze({
  confidence: 0.95,
  holdoutShare: 0.1,
  grossMargin: 0.4,
  sequential: Object.freeze({ enabled: true, tuning: 5000 }),
  minimumConverters: MINIMUM_CONVERTERS,
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

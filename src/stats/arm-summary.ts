import type { ArmName, ArmSummary, ExperimentUnit } from './types.js'

/** An arm with nobody in it yet. */
export function emptyArmSummary(): ArmSummary {
  return {
    n: 0,
    converted: 0,
    orders: 0,
    ordersSq: 0,
    revenue: 0,
    revenueSq: 0,
    preSpend: 0,
    preSpendSq: 0,
    revenueXPreSpend: 0,
    discount: 0,
    messageCost: 0,
  }
}

const UNIT_FIELDS = ['orders', 'revenue', 'discount', 'messageCost', 'preSpend'] as const

/**
 * Adds one customer to an arm's sums (the streaming form, for the daily path). A non-finite figure would
 * poison every later sum, so it is refused here, naming the field.
 */
export function addUnit(summary: ArmSummary, unit: ExperimentUnit): void {
  for (const field of UNIT_FIELDS) {
    if (!Number.isFinite(unit[field])) throw new RangeError(`${field} must be a finite number`)
  }
  summary.n += 1
  if (unit.orders > 0) summary.converted += 1
  summary.orders += unit.orders
  summary.ordersSq += unit.orders * unit.orders
  summary.revenue += unit.revenue
  summary.revenueSq += unit.revenue * unit.revenue
  summary.preSpend += unit.preSpend
  summary.preSpendSq += unit.preSpend * unit.preSpend
  summary.revenueXPreSpend += unit.revenue * unit.preSpend
  summary.discount += unit.discount
  summary.messageCost += unit.messageCost
}

/** The sums of one arm's customers (units of the other arm are skipped). */
export function summariseArm(units: Iterable<ExperimentUnit>, arm: ArmName): ArmSummary {
  const summary = emptyArmSummary()
  for (const unit of units) if (unit.arm === arm) addUnit(summary, unit)
  return summary
}

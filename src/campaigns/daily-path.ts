import { type ArmSummary, addUnit, type ExperimentUnit, emptyArmSummary } from '../stats/index.js'
import type { Arm } from './holdout.js'
import type { UnitOrder } from './report-units.js'

/** What the daily path needs of a unit: its arm and fixed figures, when it was exposed, its orders' times. */
export interface PathUnit {
  arm: Arm
  messageCost: number
  preSpend: number
  exposedAt: Date
  timeline: readonly UnitOrder[]
}

/**
 * Pure: each day's change to the arms' sums, so that the sums as of any day are a running total. A unit
 * enters on its exposure day with the orders it had by that day's end, and changes again on each later day
 * an order came: the look on a day sees what a marketer looking that evening saw (orders' values as now).
 */
export class DailyDeltas {
  readonly #days = new Map<string, Record<Arm, ArmSummary>>()
  constructor(private readonly dayOf: (at: Date) => string) {}

  add(unit: PathUnit): void {
    const state: ExperimentUnit = {
      arm: unit.arm,
      orders: 0,
      revenue: 0,
      discount: 0,
      messageCost: unit.messageCost,
      preSpend: unit.preSpend,
    }
    let day = this.dayOf(unit.exposedAt)
    let previous: ExperimentUnit | null = null
    for (const order of unit.timeline) {
      const orderDay = this.dayOf(order.at)
      if (orderDay !== day) {
        this.#change(day, previous, state)
        previous = { ...state }
        day = orderDay
      }
      state.orders += 1
      state.revenue += order.value
      state.discount += order.discount
    }
    this.#change(day, previous, state)
  }

  /** The sums as of the end of each day from the first exposure's day to `lastDay`, gaps filled. */
  *cumulative(lastDay: string): Generator<{ day: string; arms: Record<Arm, ArmSummary> }> {
    const days = [...this.#days.keys()].sort()
    const first = days[0]
    if (first === undefined) return
    const running = { treatment: emptyArmSummary(), holdout: emptyArmSummary() }
    const latest = days.at(-1) ?? first
    const end = latest > lastDay ? latest : lastDay
    for (let day = first; day <= end; day = nextDay(day)) {
      const change = this.#days.get(day)
      if (change)
        for (const arm of ['treatment', 'holdout'] as const) accumulate(running[arm], change[arm], 1)
      yield { day, arms: { treatment: { ...running.treatment }, holdout: { ...running.holdout } } }
    }
  }

  #change(day: string, from: ExperimentUnit | null, to: ExperimentUnit): void {
    let change = this.#days.get(day)
    if (!change) {
      change = { treatment: emptyArmSummary(), holdout: emptyArmSummary() }
      this.#days.set(day, change)
    }
    if (from) accumulate(change[to.arm], summaryOf(from), -1)
    accumulate(change[to.arm], summaryOf(to), 1)
  }
}

function summaryOf(unit: ExperimentUnit): ArmSummary {
  const summary = emptyArmSummary()
  addUnit(summary, unit)
  return summary
}

/** target += sign × other, field by field (arm summaries are plain sums). */
export function accumulate(target: ArmSummary, other: ArmSummary, sign: 1 | -1): void {
  for (const key of Object.keys(target) as Array<keyof ArmSummary>) target[key] += sign * other[key]
}

/** The calendar day after a `YYYY-MM-DD` day. */
export function nextDay(day: string): string {
  const next = new Date(`${day}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10)
}

/** A moment's calendar day (`YYYY-MM-DD`) on the clocks of a time zone. */
export function dayIn(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
  return (at) => format.format(at)
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { Arm } from './holdout.js'

/** One arm of a campaign against its goal: an order within `goalDays` of the customer's first exposure. */
export interface ArmResult {
  /** Customers who entered the flow in this arm (an enrolment each). */
  entered: number
  /**
   * Of those, exposed: reached the first send step, whether the message went or was skipped (no consent, a
   * cap), or, in the holdout, would have. Counting the skipped too keeps the arms alike (intent to treat):
   * the holdout also holds customers who could not have been reached.
   */
  exposed: number
  /** Exposed customers with a completed order in their goal window. */
  converted: number
  /** converted ÷ exposed (null with nobody exposed). */
  conversionRate: number | null
  orders: number
  /** What those orders are worth now (less refunds), per currency. */
  revenue: Array<{ currency: string | null; amount: number }>
}

export interface CampaignResults {
  campaignId: string
  goalDays: number
  asOf: string
  treatment: ArmResult
  holdout: ArmResult
  /** Exposures whose goal window has not closed yet: their figures may still grow. */
  windowsOpen: number
}

/** An exposed enrolment and what its goal window holds so far. */
export interface ExposedEnrolment {
  arm: Arm
  orders: number
  revenue: ReadonlyArray<{ currency: string | null; amount: number }>
}

/** Pure: the arms' figures from who entered and what each exposed enrolment's window holds. */
export function summariseArms(
  entered: Record<Arm, number>,
  exposed: readonly ExposedEnrolment[],
): Record<Arm, ArmResult> {
  const arm = (name: Arm): ArmResult => {
    const mine = exposed.filter((e) => e.arm === name)
    const revenue = new Map<string | null, number>()
    for (const e of mine)
      for (const r of e.revenue) revenue.set(r.currency, (revenue.get(r.currency) ?? 0) + r.amount)
    const converted = mine.filter((e) => e.orders > 0).length
    return {
      entered: entered[name],
      exposed: mine.length,
      converted,
      conversionRate: mine.length === 0 ? null : converted / mine.length,
      orders: mine.reduce((n, e) => n + e.orders, 0),
      revenue: [...revenue].map(([currency, amount]) => ({ currency, amount })),
    }
  }
  return { treatment: arm('treatment'), holdout: arm('holdout') }
}

/** How many customers entered a campaign's flow in each arm. */
export async function enteredByArm(db: AnyDb, campaignId: string): Promise<Record<Arm, number>> {
  const counts = await sql<{ arm: Arm; n: number }>`
    select arm, count(*)::int as n from campaign_enrolments where campaign_id = ${campaignId} group by arm`.execute(
    db,
  )
  const entered = { treatment: 0, holdout: 0 }
  for (const row of counts.rows) entered[row.arm] = row.n
  return entered
}

type OrdersInWindows = (
  db: AnyDb,
  windows: ReadonlyArray<{ key: string; customerId: string; from: Date; to: Date }>,
) => Promise<Array<{ key: string; orders: number; value: number; currency: string | null }>>

/**
 * A campaign's arms against its goal as of `now`, reading the orders module a page of exposed enrolments at a
 * time (each window runs from the first exposure to `goalDays` later, or to now while it is open).
 */
export async function campaignResults(
  db: AnyDb,
  campaign: { id: string; goalDays: number },
  now: Date,
  ordersInWindows: OrdersInWindows,
  pageSize = 5000,
): Promise<CampaignResults> {
  const entered = await enteredByArm(db, campaign.id)
  const goalMs = campaign.goalDays * 86_400_000
  const exposed: ExposedEnrolment[] = []
  let windowsOpen = 0
  let after = 0
  for (;;) {
    const page = await sql<{ id: string; customer_id: string; arm: Arm; first_exposed_at: Date }>`
      select id, customer_id, arm, first_exposed_at from campaign_enrolments
      where campaign_id = ${campaign.id} and first_exposed_at is not null and id > ${after}
      order by id limit ${pageSize}`.execute(db)
    const windows = page.rows.map((r) => {
      const closes = r.first_exposed_at.getTime() + goalMs
      if (closes > now.getTime()) windowsOpen++
      return {
        key: String(r.id),
        customerId: r.customer_id,
        from: r.first_exposed_at,
        to: new Date(Math.min(closes, now.getTime())),
      }
    })
    const byKey = new Map<string, Array<{ orders: number; value: number; currency: string | null }>>()
    for (const f of await ordersInWindows(db, windows)) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f])
    for (const r of page.rows) {
      const mine = byKey.get(String(r.id)) ?? []
      exposed.push({
        arm: r.arm,
        orders: mine.reduce((n, f) => n + f.orders, 0),
        revenue: mine.map((f) => ({ currency: f.currency, amount: f.value })),
      })
    }
    const last = page.rows.at(-1)
    if (!last || page.rows.length < pageSize) break
    after = Number(last.id)
  }
  return {
    campaignId: campaign.id,
    goalDays: campaign.goalDays,
    asOf: now.toISOString(),
    ...summariseArms(entered, exposed),
    windowsOpen,
  }
}

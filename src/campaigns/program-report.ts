import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { Locale } from '../pages/index.js'
import { type ArmSummary, addUnit, emptyArmSummary } from '../stats/index.js'
import { type GlobalHoldout, inGlobalHoldout } from './global-holdout.js'
import type { Arm } from './holdout.js'
import { type ReportGroup, type ReportSettings, reportGroup } from './report.js'
import { groupBy, PAID_OUTCOMES, PRE_PERIOD_MS, type ReportReaders } from './report-units.js'

/** The whole programme against the shop-wide holdout over a period. */
export interface ProgramReport {
  from: string
  to: string
  asOf: string
  currency: string | null
  /** REEL_GLOBAL_HOLDOUT: 0 means there is no shop-wide holdout to measure against. */
  globalHoldout: number
  /** Members in each arm: `treatment` may be reached by marketing campaigns, `holdout` never is. */
  members: Record<Arm, number>
  /** How often marketing campaigns' triggers named held-out members (who were then left out). */
  heldBack: { members: number; entries: number }
  overall: ReportGroup
}

type MembersPage = (
  db: AnyDb,
  rules: readonly [],
  now: Date,
  options: { after?: string; limit?: number },
) => Promise<string[]>

/**
 * Every member's orders, revenue and campaign costs over the period, those in the shop-wide holdout against
 * the others: what all marketing campaigns together added. Each member is a unit (the hash alone decides the
 * arm, so the comparison is randomised); revenue is every order, not only campaigns' goals, since the
 * programme's worth is everything it changed. A page of members costs five statements.
 */
export async function programReport(
  db: AnyDb,
  period: { from: Date; to: Date },
  now: Date,
  deps: ReportReaders & { membersMatching: MembersPage; globalHoldout: GlobalHoldout },
  settings: ReportSettings,
  locale: Locale,
  pageSize = 5000,
): Promise<ProgramReport> {
  const { from, to } = period
  const currency = settings.money.currency
  const counted = (c: string | null) => c === null || currency === null || c === currency
  const arms: Record<Arm, ArmSummary> = { treatment: emptyArmSummary(), holdout: emptyArmSummary() }
  let after: string | undefined
  for (;;) {
    const ids = await deps.membersMatching(db, [], now, {
      ...(after === undefined ? {} : { after }),
      limit: pageSize,
    })
    if (ids.length === 0) break
    // Keys by position in the page: a customer id may hold any character.
    const windows = ids.flatMap((customerId, i) => [
      { key: `${i}:in`, customerId, from, to },
      { key: `${i}:pre`, customerId, from: new Date(from.getTime() - PRE_PERIOD_MS), to: from },
    ])
    const [orders, coupons, messages] = await Promise.all([
      deps.ordersInWindows(db, windows),
      sql<{ customer_id: string; coupon_id: string }>`
        select customer_id, context->>'couponId' as coupon_id from campaign_enrolments
        where customer_id = any(${ids}::text[]) and context ? 'couponId'`.execute(db),
      sql<{ customer_id: string; channel: string | null; n: number }>`
        select customer_id, channel, count(*)::int as n from campaign_exposures
        where customer_id = any(${ids}::text[]) and outcome = any(${PAID_OUTCOMES}::text[])
          and at > ${from} and at <= ${to}
        group by 1, 2`.execute(db),
    ])
    const ownerOf = new Map(coupons.rows.map((c) => [c.coupon_id, c.customer_id]))
    const discounts = await deps.redeemedDiscounts(db, [...ownerOf.keys()])
    const byKey = groupBy(orders, (o) => o.key)
    const discountOf = new Map<string, number>()
    for (const d of discounts) {
      const owner = ownerOf.get(d.couponId)
      if (owner && d.redeemedAt > from && d.redeemedAt <= to)
        discountOf.set(owner, (discountOf.get(owner) ?? 0) + d.discount)
    }
    const costOf = new Map<string, number>()
    for (const m of messages.rows)
      costOf.set(
        m.customer_id,
        (costOf.get(m.customer_id) ?? 0) + m.n * (settings.money.messageCost[m.channel ?? ''] ?? 0),
      )
    for (const [i, customerId] of ids.entries()) {
      const inPeriod = byKey.get(`${i}:in`) ?? []
      const money = (rows: typeof inPeriod) =>
        rows.filter((r) => counted(r.currency)).reduce((s, r) => s + r.value, 0)
      const arm: Arm = inGlobalHoldout(deps.globalHoldout, customerId) ? 'holdout' : 'treatment'
      addUnit(arms[arm], {
        arm,
        orders: inPeriod.reduce((n, r) => n + r.orders, 0),
        revenue: money(inPeriod),
        discount: discountOf.get(customerId) ?? 0,
        messageCost: costOf.get(customerId) ?? 0,
        preSpend: money(byKey.get(`${i}:pre`) ?? []),
      })
    }
    if (ids.length < pageSize) break
    after = ids.at(-1)
  }
  const held = await sql<{ members: number; entries: number }>`
    select count(distinct customer_id)::int as members, coalesce(sum(times), 0)::int as entries
    from campaign_global_holdout where last_at >= ${from} and first_at <= ${to}`.execute(db)
  const options = { ...settings.analysis, holdoutShare: deps.globalHoldout.share }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    asOf: now.toISOString(),
    currency,
    globalHoldout: deps.globalHoldout.share,
    members: { treatment: arms.treatment.n, holdout: arms.holdout.n },
    heldBack: held.rows[0] ?? { members: 0, entries: 0 },
    overall: reportGroup('programme', arms, options, {
      currency,
      locale,
      windowsOpen: 0,
    }),
  }
}

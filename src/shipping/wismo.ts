import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import {
  analyseExperiment,
  DEFAULT_ANALYSIS_OPTIONS,
  type ExperimentAnalysis,
  type ExperimentUnit,
  summariseArm,
} from '../stats/index.js'

/** The support topic the figure counts. */
export const WHERE_IS_MY_ORDER = 'where_is_my_order'
/** A contact counts against a shipment from its handover until this long after (delivery and a few days). */
const CONTACT_WINDOW_DAYS = 30

/** One week's shipments of an arm, and the where-is-my-order contacts about them. */
export interface WeekOfArm {
  shipments: number
  contacts: number
  /** Contacts per 100 shipments; null without shipments. */
  per100: number | null
}

export interface WismoFigure {
  weeks: Array<{ week: string; updated: WeekOfArm; holdout: WeekOfArm }>
  /** Contacts per 100 shipments with proactive updates, less the holdout's (negative: fewer calls). */
  difference: { per100: number; lower: number; upper: number } | null
  /** Why there is no difference yet (no holdout, too few contacts). */
  reason: string | null
  analysis: ExperimentAnalysis | null
}

const arm = (shipments: number, contacts: number): WeekOfArm => ({
  shipments,
  contacts,
  per100: shipments === 0 ? null : (100 * contacts) / shipments,
})

/**
 * Where-is-my-order contacts per 100 shipments, per week of handover, for shipments with proactive updates
 * against the holdout that got only the shipped message (REEL_SHIPPING_HOLDOUT), with the difference's
 * interval from src/stats: a shipment is a unit, a contact about its order its conversion. The intervals
 * are always valid (sequential), so the shop may look every week. Shipments nobody was told of (history
 * before Reel) are left out.
 */
export async function wismoFigure(
  db: AnyDb,
  options: { from: Date; to: Date; holdoutShare: number },
): Promise<WismoFigure> {
  const { rows } = await sql<{ week: Date; holdout: boolean; contacts: string }>`
    select date_trunc('week', s.shipped_at) as week, a.holdout,
      (select count(*) from support_contacts c
        where c.topic = ${WHERE_IS_MY_ORDER} and c.order_id = s.order_id
          and c.at >= s.shipped_at and c.at < s.shipped_at + make_interval(days => ${CONTACT_WINDOW_DAYS})) as contacts
    from shipments s join shipment_assignments a using (shipment_id)
    where s.kind = 'outbound' and s.shipped_at >= ${options.from.toISOString()} and s.shipped_at < ${options.to.toISOString()}`.execute(
    db,
  )
  const weeks = new Map<string, { updated: [number, number]; holdout: [number, number] }>()
  const units: ExperimentUnit[] = []
  for (const r of rows) {
    const key = r.week.toISOString().slice(0, 10)
    const week = weeks.get(key) ?? { updated: [0, 0], holdout: [0, 0] }
    const side = r.holdout ? week.holdout : week.updated
    side[0] += 1
    side[1] += Number(r.contacts)
    weeks.set(key, week)
    const contacts = Number(r.contacts)
    units.push({
      arm: r.holdout ? 'holdout' : 'treatment',
      orders: contacts,
      revenue: contacts,
      discount: 0,
      messageCost: 0,
      preSpend: 0,
    })
  }
  const figure = {
    weeks: [...weeks]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([week, w]) => ({ week, updated: arm(...w.updated), holdout: arm(...w.holdout) })),
  }
  if (options.holdoutShare <= 0 && !units.some((u) => u.arm === 'holdout'))
    return {
      ...figure,
      difference: null,
      reason: 'no holdout: set REEL_SHIPPING_HOLDOUT to measure',
      analysis: null,
    }
  // Without REEL_SHIPPING_HOLDOUT the arms were drawn elsewhere (the demo's share): the split check then
  // takes the share the stored assignments show, as it cannot know the one designed.
  const heldOut = units.filter((u) => u.arm === 'holdout').length / units.length
  const analysis = analyseExperiment(
    { treatment: summariseArm(units, 'treatment'), holdout: summariseArm(units, 'holdout') },
    { ...DEFAULT_ANALYSIS_OPTIONS, holdoutShare: options.holdoutShare > 0 ? options.holdoutShare : heldOut },
  )
  const perShipment = analysis.ordersPerCustomer
  if (!analysis.enough || !perShipment)
    return { ...figure, difference: null, reason: analysis.reason ?? 'not enough shipments yet', analysis }
  return {
    ...figure,
    difference: {
      per100: 100 * perShipment.estimate,
      lower: 100 * perShipment.interval.lower,
      upper: 100 * perShipment.interval.upper,
    },
    reason: null,
    analysis,
  }
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'

/** What became of one template's coupons. */
export interface TemplateFigures {
  templateId: string
  /** Every coupon issued from it, whatever became of it. */
  issued: number
  /** Still usable: issued or waiting on a gift. */
  active: number
  redeemed: number
  expired: number
  voided: number
  /** Coupons that changed hands by gift at least once. */
  gifted: number
}

/**
 * The counts of every template with a coupon, in one grouped scan of the coupons (a template with none
 * is absent: its counts are zeros).
 */
export async function templateFigures(db: AnyDb): Promise<TemplateFigures[]> {
  const result = await sql<TemplateFigures>`
    select template_id as "templateId",
      count(*)::int as issued,
      count(*) filter (where state in ('issued', 'gift_pending'))::int as active,
      count(*) filter (where state = 'redeemed')::int as redeemed,
      count(*) filter (where state = 'expired')::int as expired,
      count(*) filter (where state = 'void')::int as voided,
      count(*) filter (where hops > 0)::int as gifted
    from coupons group by template_id order by template_id`.execute(db)
  return result.rows
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { CouponError } from './errors.js'
import { newCouponCode, newId, retryOnCodeClash } from './ids.js'
import type { CouponsTables } from './migrations.js'
import { expiryOf } from './rules.js'
import { type Coupon, type CouponTemplate, toCoupon } from './views.js'

export interface IssueCouponsOptions {
  template: CouponTemplate
  /** One coupon per entry; an entry whose key was issued before gets that coupon back, not a new one. */
  owners: ReadonlyArray<{ customerId: string; idempotencyKey: string | null }>
  /** api, campaign, birthday */
  source: string
  actor: string
  now: Date
  /** Return only the coupons this call issued (a scheduled run does not need the earlier ones back). */
  onlyNew?: boolean
}

/**
 * Issues coupons of a template in one statement, each with its `issued` ledger row. Retrying with the
 * same idempotency keys issues nothing twice. Owners must be members (the caller checks).
 */
export async function issueCoupons(db: AnyDb, options: IssueCouponsOptions): Promise<Coupon[]> {
  const { template, now } = options
  if (template.archivedAt)
    throw new CouponError('REEL_ERR_COUPON_TEMPLATE_ARCHIVED', `Template ${template.id} is archived`)
  const expiresAt = expiryOf(
    { validDays: template.validDays, validUntil: template.validUntil ? new Date(template.validUntil) : null },
    now,
  )
  if (expiresAt <= now)
    throw new CouponError(
      'REEL_ERR_COUPON_EXPIRED',
      `Template ${template.id} ended on ${template.validUntil}`,
    )
  return retryOnCodeClash(db, async () => {
    const rows = options.owners.map((o) => ({
      id: newId('cpn_'),
      code: newCouponCode(),
      owner_id: o.customerId,
      source_key: o.idempotencyKey,
    }))
    const inserted = await sql<CouponsTables['coupons']>`
        with input as (
          select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as r(id text, code text, owner_id text, source_key text)
        ), ins as (
          insert into coupons (id, code, template_id, kind, owner_id, state, discount_type, amount, percent,
            max_discount, currency, min_order, giftable, max_gift_hops, release_on_cancel, issued_at, expires_at,
            source, source_key, hops, owned_since, updated_at)
          select r.id, r.code, t.id, t.kind, r.owner_id, 'issued', t.discount_type, t.amount, t.percent,
            t.max_discount, t.currency, t.min_order, t.giftable, t.max_gift_hops, t.release_on_cancel, ${now},
            ${expiresAt}, ${options.source}, r.source_key, 0, ${now}, ${now}
          from input r join coupon_templates t on t.id = ${template.id}
          on conflict (source_key) do nothing
          returning *
        ), ledger as (
          insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, actor,
            details)
          select id, ${now}, 'issued', null, 'issued', null, owner_id, ${options.actor},
            jsonb_build_object('source', source, 'templateId', template_id)
          from ins
        )
        select * from ins`.execute(db)
    if (options.onlyNew) return inserted.rows.map(toCoupon)
    const keys = options.owners.map((o) => o.idempotencyKey).filter((k): k is string => k !== null)
    const earlier =
      inserted.rows.length === rows.length || keys.length === 0
        ? []
        : (
            await sql<CouponsTables['coupons']>`
                select * from coupons where source_key = any(${keys}::text[])`.execute(db)
          ).rows
    const byKey = new Map(earlier.map((r) => [r.source_key, r]))
    const byId = new Map(inserted.rows.map((r) => [r.id, r]))
    return rows.map((r, i) => {
      const row = byId.get(r.id) ?? byKey.get(options.owners[i]?.idempotencyKey ?? null)
      if (!row) throw new Error(`coupon for ${r.owner_id} neither issued nor found`)
      return toCoupon(row)
    })
  })
}

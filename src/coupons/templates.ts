import { sql } from 'kysely'
import { z } from 'zod'
import { type AnyDb, tablesOf } from '../db/index.js'
import { CouponError } from './errors.js'
import { newId } from './ids.js'
import type { CouponsTables } from './migrations.js'
import { COUPON_KINDS } from './rules.js'
import { type CouponTemplate, toTemplate } from './views.js'

const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR or KRW')

/** A new template as the API and the CLI take it. */
export const templateInputSchema = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(COUPON_KINDS),
    discount: z.discriminatedUnion('type', [
      z.object({ type: z.literal('amount'), amount: z.number().positive(), currency }),
      z.object({
        type: z.literal('percent'),
        percent: z.number().positive().max(100),
        maxDiscount: z.number().positive().nullable().default(null),
        currency: currency.nullable().default(null),
      }),
    ]),
    minOrder: z.number().min(0).default(0),
    validDays: z.number().int().positive().max(36_500).nullable().default(null),
    validUntil: z.iso.datetime({ offset: true }).nullable().default(null),
    giftable: z.boolean().default(true),
    maxGiftHops: z.number().int().min(0).max(10).default(1),
    releaseOnCancel: z.boolean().default(true),
    autoIssue: z.enum(['birthday']).nullable().default(null),
    issueDaysBefore: z.number().int().min(0).max(60).default(0),
  })
  .refine((t) => t.validDays !== null || t.validUntil !== null, {
    message: 'give validDays, validUntil or both',
    path: ['validDays'],
  })
export type TemplateInput = z.infer<typeof templateInputSchema>

/** Stores a new coupon template. */
export async function createTemplate(db: AnyDb, input: TemplateInput, now: Date): Promise<CouponTemplate> {
  const d = input.discount
  const row = await tablesOf<CouponsTables>(db)
    .insertInto('coupon_templates')
    .values({
      id: newId('ctp_'),
      name: input.name,
      kind: input.kind,
      discount_type: d.type,
      amount: d.type === 'amount' ? d.amount : null,
      percent: d.type === 'percent' ? d.percent : null,
      max_discount: d.type === 'percent' ? d.maxDiscount : null,
      currency: d.currency,
      min_order: input.minOrder,
      valid_days: input.validDays,
      valid_until: input.validUntil ? new Date(input.validUntil) : null,
      giftable: input.giftable,
      max_gift_hops: input.giftable ? input.maxGiftHops : 0,
      release_on_cancel: input.releaseOnCancel,
      auto_issue: input.autoIssue,
      issue_days_before: input.issueDaysBefore,
      created_at: now,
      archived_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toTemplate(row)
}

/** Templates, newest first; archived ones only when asked. */
export async function listTemplates(
  db: AnyDb,
  options: { includeArchived?: boolean } = {},
): Promise<CouponTemplate[]> {
  let query = tablesOf<CouponsTables>(db)
    .selectFrom('coupon_templates')
    .selectAll()
    .orderBy('created_at', 'desc')
  if (!options.includeArchived) query = query.where('archived_at', 'is', null)
  return (await query.execute()).map(toTemplate)
}

/** One template, or a CouponError when there is none. */
export async function getTemplate(db: AnyDb, id: string): Promise<CouponTemplate> {
  const row = await tablesOf<CouponsTables>(db)
    .selectFrom('coupon_templates')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw new CouponError('REEL_ERR_COUPON_TEMPLATE_NOT_FOUND', `No coupon template ${id}`)
  return toTemplate(row)
}

/** Stops issuing from a template; coupons already issued keep their terms. */
export async function archiveTemplate(db: AnyDb, id: string, now: Date): Promise<CouponTemplate> {
  const result = await sql<CouponsTables['coupon_templates']>`
    update coupon_templates set archived_at = coalesce(archived_at, ${now}) where id = ${id} returning *`.execute(
    db,
  )
  const row = result.rows[0]
  if (!row) throw new CouponError('REEL_ERR_COUPON_TEMPLATE_NOT_FOUND', `No coupon template ${id}`)
  return toTemplate(row)
}

import type { AnyDb } from '../db/index.js'
import type { CouponsContext } from './context.js'
import { CouponError } from './errors.js'
import { issueCoupons } from './issue-coupons.js'
import { getTemplate } from './templates.js'
import type { Coupon } from './views.js'

export interface IssueRequest {
  templateId: string
  customerIds: string[]
  idempotencyKey?: string | undefined
  source?: string
}

/** Issues one coupon per member, refusing customers who are not members; a key never issues twice. */
export async function issueToMembers(
  { deps, clock }: CouponsContext,
  request: IssueRequest,
  tx: AnyDb,
): Promise<Coupon[]> {
  const template = await getTemplate(tx, request.templateId)
  const members = await deps.membersAmong(tx, request.customerIds)
  const strangers = request.customerIds.filter((id) => !members.has(id))
  if (strangers.length > 0)
    throw new CouponError(
      'REEL_ERR_COUPON_NOT_A_MEMBER',
      `Coupons go to members; not members: ${strangers.slice(0, 5).join(', ')}${strangers.length > 5 ? ', …' : ''}`,
      { customerIds: strangers },
    )
  return issueCoupons(tx, {
    template,
    owners: request.customerIds.map((customerId) => ({
      customerId,
      idempotencyKey: request.idempotencyKey ? `${request.idempotencyKey}:${customerId}` : null,
    })),
    source: request.source ?? 'api',
    actor: 'api',
    now: clock(),
  })
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { CouponsTables } from './migrations.js'
import { type Gift, toGift } from './views.js'

export interface GiftChain {
  rootId: string
  /** Every gift that spread from the root: the root's gifts (depth 1), their receivers' gifts (2), … */
  gifts: Array<Gift & { depth: number; kind: string }>
  /** Members who claimed a gift somewhere in the chain. */
  membersReached: number
  /** Of those, members who joined through their gift. */
  membersJoined: number
}

/**
 * The gifts that spread from one member: what they gave, what the receivers gave on (of any coupon),
 * and so on, up to `maxDepth` hops. A gift reached by two paths is listed once, at its shortest depth.
 */
export async function giftChain(db: AnyDb, rootId: string, maxDepth = 10): Promise<GiftChain> {
  const result = await sql<CouponsTables['coupon_gifts'] & { depth: number; kind: string }>`
    with recursive chain as (
      select g.id, g.claimed_by, 1 as depth from coupon_gifts g where g.giver_id = ${rootId}
      union
      select g.id, g.claimed_by, chain.depth + 1 from coupon_gifts g
      join chain on g.giver_id = chain.claimed_by
      where chain.depth < ${maxDepth} and g.giver_id <> ${rootId}
    ), shortest as (select id, min(depth) as depth from chain group by id)
    select g.*, s.depth, c.kind from shortest s
    join coupon_gifts g on g.id = s.id join coupons c on c.id = g.coupon_id
    order by s.depth, g.created_at, g.id`.execute(db)
  const gifts = result.rows.map((r) => ({ ...toGift(r), depth: r.depth, kind: r.kind }))
  const claimed = gifts.filter((g) => g.claimedBy !== null)
  return {
    rootId,
    gifts,
    membersReached: new Set(claimed.map((g) => g.claimedBy)).size,
    membersJoined: new Set(claimed.filter((g) => g.joinedThrough).map((g) => g.claimedBy)).size,
  }
}

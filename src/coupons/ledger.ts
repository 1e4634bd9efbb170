import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { CouponsTables } from './migrations.js'
import { type CouponState, type LedgerAction, replayLedger } from './rules.js'

export interface LedgerEntry {
  id: number
  couponId: string
  at: string
  action: LedgerAction
  fromState: CouponState | null
  toState: CouponState
  ownerBefore: string | null
  ownerAfter: string
  giftId: string | null
  orderId: string | null
  actor: string
  details: Record<string, unknown>
}

type LedgerRowDb = CouponsTables['coupon_ledger']

function toEntry(r: LedgerRowDb): LedgerEntry {
  return {
    id: r.id,
    couponId: r.coupon_id,
    at: r.at.toISOString(),
    action: r.action as LedgerAction,
    fromState: r.from_state as CouponState | null,
    toState: r.to_state as CouponState,
    ownerBefore: r.owner_before,
    ownerAfter: r.owner_after,
    giftId: r.gift_id,
    orderId: r.order_id,
    actor: r.actor,
    details: r.details,
  }
}

/** A coupon's ledger, oldest first. */
export async function couponLedger(db: AnyDb, couponId: string): Promise<LedgerEntry[]> {
  const result = await sql<LedgerRowDb>`
    select * from coupon_ledger where coupon_id = ${couponId} order by id`.execute(db)
  return result.rows.map(toEntry)
}

export interface LedgerAudit {
  coupons: number
  ledgerRows: number
  /** Coupons whose ledger breaks the rules or does not end where the coupon stands. */
  violations: Array<{ couponId: string; problem: string }>
}

/**
 * Replays every coupon's ledger and checks it ends in the coupon's state and owner, that every move was
 * legal, that a coupon was redeemed at most once without a release between, and that no gift was
 * resolved twice. Reads in pages of `pageSize` coupons.
 */
export async function auditLedger(db: AnyDb, pageSize = 2000): Promise<LedgerAudit> {
  const audit: LedgerAudit = { coupons: 0, ledgerRows: 0, violations: [] }
  let after = ''
  for (;;) {
    const coupons = await sql<{ id: string; state: CouponState; owner_id: string }>`
      select id, state, owner_id from coupons where id > ${after} order by id limit ${pageSize}`.execute(db)
    if (coupons.rows.length === 0) break
    const ids = coupons.rows.map((c) => c.id)
    const rows = await sql<LedgerRowDb>`
      select * from coupon_ledger where coupon_id = any(${ids}::text[]) order by coupon_id, id`.execute(db)
    const byCoupon = new Map<string, LedgerRowDb[]>()
    for (const r of rows.rows) {
      const list = byCoupon.get(r.coupon_id)
      if (list) list.push(r)
      else byCoupon.set(r.coupon_id, [r])
    }
    for (const c of coupons.rows) {
      const ledger = (byCoupon.get(c.id) ?? []).map(toEntry)
      const end = replayLedger(ledger)
      if ('problem' in end) audit.violations.push({ couponId: c.id, problem: end.problem })
      else if (end.state !== c.state || end.owner !== c.owner_id)
        audit.violations.push({
          couponId: c.id,
          problem: `ledger ends ${end.state}/${end.owner}, coupon is ${c.state}/${c.owner_id}`,
        })
      const giftEnds = new Map<string, number>()
      for (const e of ledger)
        if (e.giftId && e.action !== 'gift_sent') giftEnds.set(e.giftId, (giftEnds.get(e.giftId) ?? 0) + 1)
      for (const [giftId, n] of giftEnds)
        if (n > 1) audit.violations.push({ couponId: c.id, problem: `gift ${giftId} resolved ${n} times` })
    }
    audit.coupons += coupons.rows.length
    audit.ledgerRows += rows.rows.length
    after = ids.at(-1) ?? after
  }
  const gifts = await sql<{ id: string; state: string; n: number }>`
    select g.id, g.state, count(l.id)::int as n from coupon_gifts g
    left join coupon_ledger l on l.gift_id = g.id and l.action <> 'gift_sent'
    group by g.id, g.state
    having (g.state = 'pending') <> (count(l.id) = 0)`.execute(db)
  for (const g of gifts.rows)
    audit.violations.push({
      couponId: '-',
      problem: `gift ${g.id} is ${g.state} with ${g.n} resolving ledger rows`,
    })
  return audit
}

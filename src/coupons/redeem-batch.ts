import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { CouponError, refusalError } from './errors.js'
import { normaliseCode } from './ids.js'
import type { CouponsTables } from './migrations.js'
import type { RedeemRequest, Redemption } from './redeem-coupon.js'
import { minorUnits, redemptionRefusal } from './rules.js'
import { toCoupon } from './views.js'

type CouponRow = CouponsTables['coupons']

interface Waiting {
  request: RedeemRequest
  now: Date
  actor: string
  tries: number
  resolve(redemption: Redemption): void
  reject(error: unknown): void
}

export interface RedeemBatcherOptions {
  /** Statements in flight at once; more requests wait and go together in the next one. */
  inFlight?: number
  /** Requests in one statement at most. */
  maxBatch?: number
}

const DEADLOCK = '40P01'

/**
 * Redemptions from the API, grouped: while `inFlight` statements run, requests that arrive wait and
 * then go in one statement, so under load PostgreSQL plans, locks and commits once for many of them
 * (one WAL flush instead of dozens), and a lone request goes at once, with no added delay.
 *
 * The statement keeps every guarantee of the single redemption: each coupon is updated only from
 * `issued`, by its owner, with its ledger row in the same statement; of several requests for one coupon
 * in a batch only the first is tried, the others are answered as if they had come after it. Rows are
 * locked in id order, so two batches never wait on each other in a cycle.
 */
export function createRedeemBatcher(db: AnyDb, options: RedeemBatcherOptions = {}) {
  const inFlight = options.inFlight ?? 4
  const maxBatch = options.maxBatch ?? 64
  const queue: Waiting[] = []
  let running = 0

  function pump(): void {
    while (running < inFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch)
      running++
      void runBatch(batch).finally(() => {
        running--
        pump()
      })
    }
  }

  async function runBatch(batch: Waiting[]): Promise<void> {
    let won: Map<number, CouponRow>
    try {
      won = await redeemTogether(db, batch)
    } catch (error) {
      if ((error as { code?: string }).code === DEADLOCK) {
        // PostgreSQL chose this batch to break a wait cycle with another writer: nothing of it happened.
        requeue(batch)
        return
      }
      for (const w of batch) w.reject(error)
      return
    }
    const lost = batch.filter((_, i) => !won.has(i))
    for (const [i, row] of won) {
      const coupon = toCoupon(row)
      batch[i]?.resolve({ coupon, discount: coupon.discountGiven, repeated: false })
    }
    if (lost.length > 0) await explain(lost)
  }

  function requeue(waiting: Waiting[]): void {
    for (const w of waiting) {
      w.tries++
      if (w.tries > 3)
        w.reject(new CouponError('REEL_ERR_COUPON_GIFT_PENDING', 'The coupon kept changing hands; try again'))
      else queue.push(w)
    }
  }

  /** Tells the requests that did not win why, reading their coupons as they are now. */
  async function explain(lost: Waiting[]): Promise<void> {
    try {
      const rows = await readCoupons(
        db,
        lost.map((w) => w.request.coupon),
      )
      const again: Waiting[] = []
      for (const w of lost) {
        const row = rows.get(
          w.request.coupon.startsWith('cpn_') ? w.request.coupon : normaliseCode(w.request.coupon),
        )
        if (!row) {
          w.reject(refusalError('not_found', { coupon: w.request.coupon, orderId: w.request.orderId }))
          continue
        }
        const refusal = redemptionRefusal(
          {
            ownerId: row.owner_id,
            state: row.state,
            expiresAt: row.expires_at,
            minOrder: Number(row.min_order),
            currency: row.currency,
            redeemedOrderId: row.redeemed_order_id,
          },
          { ...w.request, at: w.now },
        )
        if (refusal) w.reject(refusalError(refusal, { coupon: w.request.coupon, orderId: w.request.orderId }))
        else if (row.state === 'redeemed') {
          const coupon = toCoupon(row)
          w.resolve({ coupon, discount: coupon.discountGiven, repeated: true })
        } else again.push(w) // it became redeemable meanwhile (a gift came back), or lost only to its batch
      }
      if (again.length > 0) {
        requeue(again)
        pump()
      }
    } catch (error) {
      for (const w of lost) w.reject(error)
    }
  }

  return {
    redeem(request: RedeemRequest, now: Date, actor: string): Promise<Redemption> {
      return new Promise((resolve, reject) => {
        queue.push({ request, now, actor, tries: 0, resolve, reject })
        pump()
      })
    },
  }
}

/** One statement for a batch; returns the winning rows by the request's place in the batch. */
async function redeemTogether(db: AnyDb, batch: readonly Waiting[]): Promise<Map<number, CouponRow>> {
  const input = batch.map((w, i) => ({
    i,
    given_id: w.request.coupon.startsWith('cpn_') ? w.request.coupon : null,
    code: w.request.coupon.startsWith('cpn_') ? null : normaliseCode(w.request.coupon),
    customer_id: w.request.customerId,
    order_id: w.request.orderId,
    order_total: w.request.orderTotal,
    currency: w.request.currency,
    discount: w.request.discount ?? null,
    scale: minorUnits(w.request.currency),
    now: w.now.toISOString(),
    actor: w.actor,
  }))
  const result = await sql<CouponRow & { request: number }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as r(i int, given_id text, code text,
        customer_id text, order_id text, order_total numeric, currency text, discount numeric, scale int,
        now timestamptz, actor text)
    ), candidate as (
      select distinct on (coupon_id) * from (
        select r.*, coalesce(r.given_id, (select c.id from coupons c where c.code = r.code)) as coupon_id from input r
      ) resolved
      where coupon_id is not null
      order by coupon_id, i
    ), locked as (
      -- = any(array(…)): index look-ups whatever the planner guesses of the batch's size
      select c.id from coupons c where c.id = any(array(select coupon_id from candidate)) order by c.id for update
    ), r as (
      update coupons c set state = 'redeemed', redeemed_order_id = k.order_id, redeemed_at = k.now,
        order_total = k.order_total,
        discount_given = coalesce(k.discount, case
          when c.discount_type = 'amount' then least(c.amount, coalesce(k.order_total, c.amount))
          when k.order_total is null then null
          else least(round(k.order_total * c.percent / 100, k.scale), coalesce(c.max_discount, 'Infinity'::numeric))
        end),
        updated_at = k.now
      from candidate k
      where c.id = any(array(select id from locked)) and c.id = k.coupon_id and c.state = 'issued' and c.owner_id = k.customer_id and c.expires_at > k.now
        and (k.order_total is null or c.min_order <= k.order_total)
        and (c.currency is null or k.currency is null or c.currency = k.currency)
      returning c.*, k.i as request, k.actor as ledger_actor
    ), ledger as (
      insert into coupon_ledger (coupon_id, at, action, from_state, to_state, owner_before, owner_after, order_id,
        actor, details)
      select id, redeemed_at, 'redeemed', 'issued', 'redeemed', owner_id, owner_id, redeemed_order_id, ledger_actor,
        jsonb_build_object('discount', discount_given, 'orderTotal', order_total)
      from r
    )
    select * from r`.execute(db)
  return new Map(result.rows.map((row) => [row.request, row]))
}

async function readCoupons(db: AnyDb, named: readonly string[]): Promise<Map<string, CouponRow>> {
  const ids = named.filter((n) => n.startsWith('cpn_'))
  const codes = named.filter((n) => !n.startsWith('cpn_')).map(normaliseCode)
  const result = await sql<CouponRow>`
    select * from coupons where id = any(${ids}::text[]) or code = any(${codes}::text[])`.execute(db)
  const byName = new Map<string, CouponRow>()
  for (const row of result.rows) {
    byName.set(row.id, row)
    byName.set(row.code, row)
  }
  return byName
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { RaisedSignal } from '../radar/index.js'
import { expireGifts } from './gift-coupon.js'
import { type GiftListener, tellGiftEvents } from './gift-events.js'
import { inTransaction } from './in-transaction.js'
import { issueCoupons } from './issue-coupons.js'
import type { CouponsTables } from './migrations.js'
import { birthdayMonthDay, monthDaysAhead, nextBirthday } from './rules.js'
import type { CouponSettings } from './settings.js'
import { listTemplates } from './templates.js'
import { expireCoupons } from './void-coupon.js'

/** A coupon about to expire unused, as the radar takes it. */
export type ExpiringCouponSignal = RaisedSignal & { kind: 'coupon_expiring_unused' }

/** What the coupons module needs from other modules to do its rounds. */
export interface MaintenanceDeps {
  /** Hears of every gift change in its transaction (the gift notices). */
  onGiftEvents: GiftListener
  raiseSignals(db: AnyDb, signals: ExpiringCouponSignal[]): Promise<number>
  membersWithBirthdayOn(
    db: AnyDb,
    monthDays: readonly string[],
  ): Promise<Array<{ customerId: string; birthday: string }>>
}

export interface MaintenanceResult {
  giftsExpired: number
  couponsExpired: number
  expiringSignalled: number
  birthdayCoupons: number
}

const FACE_VALUE = sql`case when discount_type = 'amount' then amount else coalesce(max_discount, percent * min_order / 100) end`

/**
 * Tells the radar about unused coupons worth at least the set value that expire within the notice
 * period: one signal per coupon and owner (a coupon that changes hands may be signalled for its new
 * owner). The signal's time is when the notice period began, or when the owner got it if later.
 */
export async function signalExpiringCoupons(
  db: AnyDb,
  now: Date,
  settings: CouponSettings,
  raise: MaintenanceDeps['raiseSignals'],
  limit = 5000,
): Promise<{ coupons: number; raised: number }> {
  const noticeMs = settings.expiringNoticeDays * 86_400_000
  return db.transaction().execute(async (tx) => {
    const due = await sql<CouponsTables['coupons'] & { face_value: number }>`
      with due as (
        select id from coupons
        where state = 'issued' and expiry_signalled_at is null and expires_at > ${now}
          and expires_at <= ${new Date(now.getTime() + noticeMs)} and ${FACE_VALUE} >= ${settings.expiringMinValue}
        limit ${limit} for update skip locked
      )
      update coupons set expiry_signalled_at = ${now} from due where coupons.id = due.id
      returning coupons.*, ${FACE_VALUE} as face_value`.execute(tx)
    const raised = await raise(
      tx,
      due.rows.map((c) => ({
        kind: 'coupon_expiring_unused',
        customerId: c.owner_id,
        key: c.id,
        at: new Date(Math.max(c.expires_at.getTime() - noticeMs, c.owned_since.getTime())),
        evidence: [`coupon:${c.id}`],
        valueAtStake: Number(c.face_value),
        currency: c.currency,
      })),
    )
    return { coupons: due.rows.length, raised }
  })
}

/**
 * Issues each birthday template's coupon to members whose birthday is within its `issueDaysBefore`
 * days, once per member and birthday year (the idempotency key says which). A Reel that was stopped
 * catches up on every birthday not yet past.
 */
export async function issueBirthdayCoupons(
  db: AnyDb,
  now: Date,
  membersWithBirthdayOn: MaintenanceDeps['membersWithBirthdayOn'],
): Promise<number> {
  let issued = 0
  const templates = (await listTemplates(db)).filter((t) => t.autoIssue === 'birthday')
  for (const template of templates) {
    const members = await membersWithBirthdayOn(db, monthDaysAhead(now, template.issueDaysBefore))
    const owners = members.flatMap((m) => {
      const monthDay = birthdayMonthDay(m.birthday)
      if (!monthDay) return []
      const year = nextBirthday(monthDay, now).getUTCFullYear()
      return [{ customerId: m.customerId, idempotencyKey: `birthday:${template.id}:${m.customerId}:${year}` }]
    })
    for (let i = 0; i < owners.length; i += 1000) {
      const coupons = await issueCoupons(db, {
        template,
        owners: owners.slice(i, i + 1000),
        source: 'birthday',
        actor: 'worker',
        now,
        onlyNew: true,
      })
      issued += coupons.length
    }
  }
  return issued
}

/** Runs a bounded step until it does nothing more; returns the total it did. */
async function untilDone(step: () => Promise<number>): Promise<number> {
  let total = 0
  for (let n = await step(); n > 0; n = await step()) total += n
  return total
}

/** One round: claims run out, coupons expire, the radar hears of expiring ones, birthdays get coupons. */
export async function runMaintenance(
  db: AnyDb,
  now: Date,
  settings: CouponSettings,
  deps: MaintenanceDeps,
): Promise<MaintenanceResult> {
  // Each batch of unclaimed gifts goes back with its notices to the givers, in one transaction.
  const giftsExpired = await untilDone(() =>
    inTransaction(db, async (tx) => {
      const expired = await expireGifts(tx, now)
      await tellGiftEvents(tx, deps.onGiftEvents, 'expired', expired)
      return expired.length
    }),
  )
  const couponsExpired = await untilDone(() => expireCoupons(db, now))
  let expiringSignalled = 0
  await untilDone(async () => {
    const round = await signalExpiringCoupons(db, now, settings, deps.raiseSignals)
    expiringSignalled += round.raised
    return round.coupons
  })
  const birthdayCoupons = await issueBirthdayCoupons(db, now, deps.membersWithBirthdayOn)
  return { giftsExpired, couponsExpired, expiringSignalled, birthdayCoupons }
}

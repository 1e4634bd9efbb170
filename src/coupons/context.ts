import type { AnyDb } from '../db/index.js'
import type { IngestResult, RawMessage } from '../events/index.js'
import { CouponError } from './errors.js'
import type { SentGift } from './gift-types.js'
import { claimToken } from './ids.js'
import type { MaintenanceDeps } from './maintenance.js'
import { findCoupon } from './queries.js'
import type { CouponSettings } from './settings.js'
import type { Coupon, Gift } from './views.js'
import type { OrderValuesReader } from './viral-figures.js'

/** What coupons need from the other modules, wired by the composition root. */
export interface CouponsDeps extends MaintenanceDeps {
  db: AnyDb
  clock: () => Date
  settings: CouponSettings
  /** The instance secret claim links are derived from. */
  secret: string
  orderValues: OrderValuesReader
  membersAmong(db: AnyDb, ids: readonly string[]): Promise<Set<string>>
  findMemberByContact(db: AnyDb, contact: { email: string } | { phone: string }): Promise<string | undefined>
  displayNameOf(db: AnyDb, customerId: string): Promise<string | null>
  /** Records a newcomer's sign-up as events (identify + Signed Up) in the claim's transaction. */
  ingest(batch: RawMessage[], tx: AnyDb): Promise<IngestResult>
}

/** What the coupon operations share: the module's dependencies and the helpers each of them needs. */
export interface CouponsContext {
  deps: CouponsDeps
  db: AnyDb
  clock: () => Date
  settings: CouponSettings
  /** The claim link of a gift. */
  claimUrl(giftId: string): string
  /** A gift as its giver sees it: with the claim link while it is pending. */
  sent(gift: Gift): SentGift
  /** The coupon by id or code; refused with REEL_ERR_COUPON_NOT_FOUND when there is none. */
  mustFindCoupon(idOrCode: string): Promise<Coupon>
}

/** The operations' shared context, from the module's dependencies. */
export function couponsContext(deps: CouponsDeps): CouponsContext {
  const { db, clock, settings } = deps
  const claimUrl = (giftId: string) => `${settings.publicUrl}/g/${claimToken(deps.secret, giftId)}`
  return {
    deps,
    db,
    clock,
    settings,
    claimUrl,
    sent: (gift) => ({ ...gift, claimUrl: gift.state === 'pending' ? claimUrl(gift.id) : null }),
    async mustFindCoupon(idOrCode) {
      const coupon = await findCoupon(db, idOrCode)
      if (!coupon) throw new CouponError('REEL_ERR_COUPON_NOT_FOUND', `No coupon ${idOrCode}`)
      return coupon
    },
  }
}

import type { AnyDb } from '../db/index.js'
import type { Projection } from '../events/index.js'
import { startTicker, type Ticker } from '../jobs/index.js'
import { acceptGift, cancelGift, declineByToken, declineGift } from './answer-gift.js'
import { type Claimer, claimByToken, offerByToken } from './claim-by-link.js'
import { type CouponsDeps, couponsContext } from './context.js'
import { type GiftChain, giftChain } from './gift-chain.js'
import { giftPage, listGifts } from './gift-coupon.js'
import type { GiftFilter, GiftOffer, LinkClaim, SentGift } from './gift-types.js'
import { type IssueRequest, issueToMembers } from './issue-to-members.js'
import { auditLedger, couponLedger, type LedgerAudit, type LedgerEntry } from './ledger.js'
import { type MaintenanceResult, runMaintenance } from './maintenance.js'
import { couponsProjection } from './projection.js'
import { type CouponFilter, findCoupon, listCoupons } from './queries.js'
import { createRedeemBatcher } from './redeem-batch.js'
import { checkRedemption, type RedeemRequest, type Redemption } from './redeem-coupon.js'
import type { RedemptionRefusal } from './rules.js'
import { type SendGiftRequest, sendGift } from './send-gift.js'
import type { CouponSettings } from './settings.js'
import { type TemplateFigures, templateFigures } from './template-figures.js'
import {
  archiveTemplate,
  createTemplate,
  getTemplate,
  listTemplates,
  type TemplateInput,
} from './templates.js'
import type { Coupon, CouponTemplate, Gift } from './views.js'
import { type ViralReport, viralFigures } from './viral-figures.js'
import { voidCoupon } from './void-coupon.js'
import { createWalletLink, memberWallet, type Wallet } from './wallet.js'
import { walletOwner } from './wallet-tokens.js'

/** The coupon wallet: templates, issuing, redemption, gifts, figures and the rounds that keep it tidy. */
export interface Coupons {
  settings: CouponSettings
  /** Runs inside the ingesting transaction: `Coupon Applied` redeems, `Order Cancelled` releases. */
  projection: Projection
  createTemplate(input: TemplateInput): Promise<CouponTemplate>
  listTemplates(options?: { includeArchived?: boolean }): Promise<CouponTemplate[]>
  getTemplate(id: string): Promise<CouponTemplate>
  archiveTemplate(id: string): Promise<CouponTemplate>
  /** Issued, active, redeemed, expired, voided and gifted coupons of each template that has any. */
  templateFigures(): Promise<TemplateFigures[]>
  /** Issues one coupon per member; the same idempotency key never issues twice (`tx`: the caller's transaction). */
  issue(request: IssueRequest, tx?: AnyDb): Promise<Coupon[]>
  getCoupon(idOrCode: string, tx?: AnyDb): Promise<Coupon | undefined>
  listCoupons(filter: CouponFilter): Promise<{ coupons: Coupon[]; next: string | null }>
  /** Whether a coupon can be redeemed on an order, and the discount, without redeeming it. */
  validate(
    request: RedeemRequest,
  ): Promise<{ coupon: Coupon | null; refusal: RedemptionRefusal | null; discount: number | null }>
  redeem(request: RedeemRequest, actor?: string): Promise<Redemption>
  void(couponId: string, reason: string): Promise<Coupon>
  gift(request: SendGiftRequest): Promise<SentGift>
  /** A member accepts a gift addressed to them (a link gift is claimed through its link). */
  acceptGift(giftId: string, customerId: string): Promise<Gift>
  /** The receiver (or, for a link gift, anyone holding the link) says no: the coupon goes back. */
  declineGift(giftId: string, customerId: string | null): Promise<Gift>
  /** The giver takes a pending gift back. */
  cancelGift(giftId: string, giverId: string): Promise<Gift>
  listGifts(filter: GiftFilter): Promise<Gift[]>
  /** The same, one page at a time: pass `next` as `after` for the following page. */
  giftPage(filter: GiftFilter & { after?: string }): Promise<{ gifts: Gift[]; next: string | null }>
  /** The gift behind a claim link, for the claim page (undefined for an unknown token). */
  offerByToken(token: string): Promise<GiftOffer | undefined>
  /** Claims through the link: an existing member by e-mail gets it in their wallet; anyone else joins. */
  claimByToken(token: string, person: Claimer): Promise<LinkClaim>
  declineByToken(token: string): Promise<Gift>
  wallet(customerId: string): Promise<Wallet>
  /** A new wallet link for a member (`tx`: the caller's transaction). */
  createWalletLink(customerId: string, tx?: AnyDb): Promise<{ token: string; url: string; expiresAt: string }>
  walletOwner(token: string): Promise<string | undefined>
  ledger(couponId: string): Promise<LedgerEntry[]>
  audit(): Promise<LedgerAudit>
  viral(window: { from: Date; to: Date }): Promise<ViralReport>
  chain(customerId: string): Promise<GiftChain>
  /** One round of expiries, expiring-coupon signals and birthday coupons, as of `now` (default: the clock). */
  runMaintenance(now?: Date): Promise<MaintenanceResult>
  startWorker(onError: (error: unknown) => void): Ticker
}

/** The coupon service: each operation of its own file, given the module's shared context. */
export function createCoupons(deps: CouponsDeps): Coupons {
  const context = couponsContext(deps)
  const { db, clock, settings } = context

  // API redemptions arriving together share a statement; events redeem inside their own transaction.
  const batcher = createRedeemBatcher(db)

  return {
    settings,
    projection: couponsProjection(),
    createTemplate: (input) => createTemplate(db, input, clock()),
    listTemplates: (options) => listTemplates(db, options),
    getTemplate: (id) => getTemplate(db, id),
    archiveTemplate: (id) => archiveTemplate(db, id, clock()),
    templateFigures: () => templateFigures(db),
    issue: (request, tx = db) => issueToMembers(context, request, tx),
    getCoupon: (idOrCode, tx = db) => findCoupon(tx, idOrCode),
    listCoupons: (filter) => listCoupons(db, filter),
    validate: (request) => checkRedemption(db, request, clock()),
    redeem: (request, actor = 'api') => batcher.redeem(request, clock(), actor),
    void: (couponId, reason) => voidCoupon(db, couponId, reason, clock()),
    gift: (request) => sendGift(context, request),
    acceptGift: (giftId, customerId) => acceptGift(context, giftId, customerId),
    declineGift: (giftId, customerId) => declineGift(context, giftId, customerId),
    cancelGift: (giftId, giverId) => cancelGift(context, giftId, giverId),
    listGifts: (filter) => listGifts(db, filter),
    giftPage: (filter) => giftPage(db, filter),
    offerByToken: (token) => offerByToken(context, token),
    claimByToken: (token, person) => claimByToken(context, token, person),
    declineByToken: (token) => declineByToken(context, token),
    wallet: (customerId) => memberWallet(context, customerId),
    createWalletLink: (customerId, tx = db) => createWalletLink(context, customerId, tx),
    walletOwner: (token) => walletOwner(db, token, clock()),
    ledger: (couponId) => couponLedger(db, couponId),
    audit: () => auditLedger(db),
    viral: (window) => viralFigures(db, window, deps.orderValues),
    chain: (customerId) => giftChain(db, customerId),
    runMaintenance: (now = clock()) => runMaintenance(db, now, settings, deps),
    startWorker: (onError) =>
      startTicker(() => runMaintenance(db, clock(), settings, deps), settings.tickMs, onError),
  }
}

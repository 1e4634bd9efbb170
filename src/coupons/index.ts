import { createHash } from 'node:crypto'
import type { AnyDb } from '../db/index.js'
import type { IngestResult, Projection, RawMessage } from '../events/index.js'
import { startTicker, type Ticker } from '../jobs/index.js'
import { CouponError } from './errors.js'
import { type GiftChain, giftChain } from './gift-chain.js'
import {
  giftById,
  giftByToken,
  giftCoupon,
  giftPage,
  listGifts,
  type Resolution,
  resolveGift,
} from './gift-coupon.js'
import { type GiftEventKind, tellGiftEvents } from './gift-events.js'
import { claimToken } from './ids.js'
import { issueCoupons } from './issue-coupons.js'
import { auditLedger, couponLedger, type LedgerAudit, type LedgerEntry } from './ledger.js'
import { type MaintenanceDeps, type MaintenanceResult, runMaintenance } from './maintenance.js'
import { couponsProjection } from './projection.js'
import { type CouponFilter, couponsOfOwner, findCoupon, listCoupons } from './queries.js'
import { createRedeemBatcher } from './redeem-batch.js'
import { checkRedemption, type RedeemRequest, type Redemption } from './redeem-coupon.js'
import type { GiftState, RedemptionRefusal } from './rules.js'
import type { CouponSettings } from './settings.js'
import { type TemplateFigures, templateFigures } from './template-figures.js'
import {
  archiveTemplate,
  createTemplate,
  getTemplate,
  listTemplates,
  type TemplateInput,
} from './templates.js'
import { type Coupon, type CouponTemplate, type Gift, toGift } from './views.js'
import { type OrderValuesReader, type ViralReport, viralFigures } from './viral-figures.js'
import { voidCoupon } from './void-coupon.js'
import { createWalletToken, walletOwner } from './wallet-tokens.js'

export { CouponError, type CouponErrorCode } from './errors.js'
export type { GiftChain } from './gift-chain.js'
export { GIFT_EVENT_KINDS, type GiftEvent, type GiftEventKind, type GiftListener } from './gift-events.js'
export type { LedgerAudit, LedgerEntry } from './ledger.js'
export type { MaintenanceResult } from './maintenance.js'
export { couponsMigrations } from './migrations.js'
export { type CouponFilter, redeemedDiscounts } from './queries.js'
export type { RedeemRequest, Redemption } from './redeem-coupon.js'
export {
  COUPON_KINDS,
  COUPON_STATES,
  type CouponKind,
  type CouponState,
  type Discount,
  GIFT_STATES,
  type GiftState,
  minorUnits,
  REDEMPTION_REFUSALS,
  type RedemptionRefusal,
} from './rules.js'
export { type CouponSettings, DEFAULT_COUPON_SETTINGS } from './settings.js'
export type { TemplateFigures } from './template-figures.js'
export { type TemplateInput, templateInputSchema } from './templates.js'
export type { Coupon, CouponTemplate, Gift } from './views.js'
export type { Money, ViralFigures, ViralReport } from './viral-figures.js'

/** Who a gift goes to: a member (by id, e-mail or phone) or whoever opens the claim link. */
export type GiftRecipient = { customerId: string } | { email: string } | { phone: string } | { link: true }

export interface GiftFilter {
  giverId?: string
  receiverId?: string
  couponId?: string
  state?: GiftState
  limit: number
}

/** A gift as its giver sees it: with the claim link while it is pending. */
export type SentGift = Gift & { claimUrl: string | null }

/** What the claim page shows: the gift, the coupon, and the giver's name. */
export interface GiftOffer {
  gift: Gift
  coupon: Coupon
  giverName: string | null
}

/** The outcome of claiming through the link: who holds the coupon now and, for a newcomer, their wallet. */
export interface LinkClaim {
  gift: Gift
  coupon: Coupon
  /** The claimer was not a member: they joined through this gift and may see the code. */
  joined: boolean
  /** The same person had claimed it already (a double submit): nothing changed. */
  repeated: boolean
  /** A link to the new member's wallet (only for a newcomer: an existing member's wallet is theirs to open). */
  walletUrl: string | null
}

export interface Wallet {
  customerId: string
  coupons: Coupon[]
  /** Gifts from other members waiting for this customer to accept or decline. */
  incomingGifts: Array<Gift & { coupon: Coupon; giverName: string | null }>
  sentGifts: SentGift[]
}

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
  issue(
    request: {
      templateId: string
      customerIds: string[]
      idempotencyKey?: string | undefined
      source?: string
    },
    tx?: AnyDb,
  ): Promise<Coupon[]>
  getCoupon(idOrCode: string, tx?: AnyDb): Promise<Coupon | undefined>
  listCoupons(filter: CouponFilter): Promise<{ coupons: Coupon[]; next: string | null }>
  /** Whether a coupon can be redeemed on an order, and the discount, without redeeming it. */
  validate(
    request: RedeemRequest,
  ): Promise<{ coupon: Coupon | null; refusal: RedemptionRefusal | null; discount: number | null }>
  redeem(request: RedeemRequest, actor?: string): Promise<Redemption>
  void(couponId: string, reason: string): Promise<Coupon>
  gift(request: {
    couponId: string
    giverId: string
    to: GiftRecipient
    message?: string | null | undefined
  }): Promise<SentGift>
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
  claimByToken(
    token: string,
    person: { email: string; name: string; phone?: string | undefined },
  ): Promise<LinkClaim>
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

const KIND_OF: Record<Resolution['outcome'], GiftEventKind> = {
  claimed: 'claimed',
  declined: 'declined',
  cancelled: 'cancelled',
}

export function createCoupons(deps: CouponsDeps): Coupons {
  const { db, clock, settings } = deps
  const claimUrl = (giftId: string) => `${settings.publicUrl}/g/${claimToken(deps.secret, giftId)}`
  const sent = (gift: Gift): SentGift => ({
    ...gift,
    claimUrl: gift.state === 'pending' ? claimUrl(gift.id) : null,
  })

  // API redemptions arriving together share a statement; events redeem inside their own transaction.
  const batcher = createRedeemBatcher(db)

  async function mustFindCoupon(idOrCode: string): Promise<Coupon> {
    const coupon = await findCoupon(db, idOrCode)
    if (!coupon) throw new CouponError('REEL_ERR_COUPON_NOT_FOUND', `No coupon ${idOrCode}`)
    return coupon
  }

  async function recipientId(
    to: GiftRecipient,
  ): Promise<{ receiverId: string | null; sentTo: string | null }> {
    if ('link' in to) return { receiverId: null, sentTo: null }
    if ('customerId' in to) {
      const members = await deps.membersAmong(db, [to.customerId])
      if (!members.has(to.customerId))
        throw new CouponError('REEL_ERR_COUPON_NOT_A_MEMBER', `${to.customerId} is not a member`)
      return { receiverId: to.customerId, sentTo: null }
    }
    // A friend who is not a member yet gets a claim link addressed to them: they join when they claim.
    const receiverId = (await deps.findMemberByContact(db, to)) ?? null
    return { receiverId, sentTo: 'email' in to ? to.email : to.phone }
  }

  async function offer(token: string): Promise<GiftOffer | undefined> {
    const row = await giftByToken(db, token)
    if (!row) return undefined
    const coupon = await mustFindCoupon(row.coupon_id)
    return { gift: toGift(row), coupon, giverName: await deps.displayNameOf(db, row.giver_id) }
  }

  /** Claims a link gift, or finds it already claimed by the same person (a double submit, a retry). */
  async function claimOnce(
    tx: AnyDb,
    pending: Gift,
    customerId: string,
    joining: boolean,
  ): Promise<{ gift: Gift; repeated: boolean }> {
    if (pending.state === 'claimed' && pending.claimedBy === customerId)
      return { gift: pending, repeated: true }
    try {
      const claim = { outcome: 'claimed', by: customerId, joinedThrough: joining, viaLink: true } as const
      return { gift: await resolveGift(tx, pending.id, claim, clock()), repeated: false }
    } catch (error) {
      const now = await giftById(tx, pending.id)
      if (now?.state === 'claimed' && now.claimed_by === customerId)
        return { gift: toGift(now), repeated: true }
      throw error
    }
  }

  /** The newcomer's sign-up, in the claim's transaction: stored whole, or the claim rolls back with it. */
  async function recordSignUp(
    tx: AnyDb,
    customerId: string,
    person: { email: string; name: string; phone?: string | undefined },
    gift: Gift,
    couponKind: string,
  ): Promise<void> {
    const at = gift.resolvedAt ?? clock().toISOString()
    const traits = {
      email: person.email.trim(),
      name: person.name.trim(),
      ...(person.phone ? { phone: person.phone.trim() } : {}),
    }
    const result = await deps.ingest(
      [
        { type: 'identify', userId: customerId, traits, timestamp: at, messageId: `${customerId}-identify` },
        {
          type: 'track',
          event: 'Signed Up',
          userId: customerId,
          properties: { method: 'gift_claim', gift_id: gift.id, coupon_kind: couponKind },
          timestamp: at,
          messageId: `${customerId}-signed-up`,
        },
      ],
      tx,
    )
    // A sign-up set aside in the quarantine would leave the coupon with an owner who has no profile.
    if (result.quarantined.length > 0)
      throw new Error(
        `The sign-up of ${customerId} was refused: ${result.quarantined.map((q) => `${q.field}: ${q.problem}`).join('; ')}`,
      )
  }

  /** Ends a pending gift and tells of it, in one transaction: the notice goes only if the change commits. */
  function resolveTold(giftId: string, resolution: Resolution): Promise<Gift> {
    return db.transaction().execute(async (tx) => {
      const gift = await resolveGift(tx, giftId, resolution, clock())
      await tellGiftEvents(tx, deps.onGiftEvents, KIND_OF[resolution.outcome], [gift])
      return gift
    })
  }

  async function createWalletLink(customerId: string, tx: AnyDb = db) {
    const members = await deps.membersAmong(tx, [customerId])
    if (!members.has(customerId))
      throw new CouponError('REEL_ERR_COUPON_NOT_A_MEMBER', `${customerId} is not a member`)
    const { token, expiresAt } = await createWalletToken(tx, customerId, clock(), settings.walletTokenDays)
    return { token, url: `${settings.publicUrl}/w/${token}`, expiresAt: expiresAt.toISOString() }
  }

  return {
    settings,
    projection: couponsProjection(),
    createTemplate: (input) => createTemplate(db, input, clock()),
    listTemplates: (options) => listTemplates(db, options),
    getTemplate: (id) => getTemplate(db, id),
    archiveTemplate: (id) => archiveTemplate(db, id, clock()),
    templateFigures: () => templateFigures(db),
    async issue(request, tx = db) {
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
    },
    getCoupon: (idOrCode, tx = db) => findCoupon(tx, idOrCode),
    listCoupons: (filter) => listCoupons(db, filter),
    validate: (request) => checkRedemption(db, request, clock()),
    redeem: (request, actor = 'api') => batcher.redeem(request, clock(), actor),
    void: (couponId, reason) => voidCoupon(db, couponId, reason, clock()),
    async gift(request) {
      const { receiverId, sentTo } = await recipientId(request.to)
      const giftRequest = {
        couponId: request.couponId,
        giverId: request.giverId,
        receiverId,
        sentTo,
        message: request.message ?? null,
        claimDays: settings.giftClaimDays,
      }
      const gift = await db.transaction().execute(async (tx) => {
        const { gift } = await giftCoupon(tx, giftRequest, clock(), deps.secret)
        await tellGiftEvents(tx, deps.onGiftEvents, 'sent', [gift], claimUrl)
        return gift
      })
      return sent(gift)
    },
    acceptGift: (giftId, customerId) =>
      resolveTold(giftId, { outcome: 'claimed', by: customerId, joinedThrough: false, viaLink: false }),
    async declineGift(giftId, customerId) {
      if (customerId !== null) {
        const gift = await giftById(db, giftId)
        if (!gift) throw new CouponError('REEL_ERR_GIFT_NOT_FOUND', `No gift ${giftId}`)
        if (gift.receiver_id !== customerId)
          throw new CouponError('REEL_ERR_GIFT_NOT_FOR_YOU', 'This gift is not addressed to you')
      }
      return resolveTold(giftId, { outcome: 'declined' })
    },
    cancelGift: (giftId, giverId) => resolveTold(giftId, { outcome: 'cancelled', by: giverId }),
    listGifts: (filter) => listGifts(db, filter),
    giftPage: (filter) => giftPage(db, filter),
    offerByToken: offer,
    async claimByToken(token, person) {
      const current = await offer(token)
      if (!current) throw new CouponError('REEL_ERR_GIFT_NOT_FOUND', 'This gift link is not valid')
      const known = await deps.findMemberByContact(db, { email: person.email })
      // A newcomer's id comes from the gift and their e-mail, so a retried claim joins them once.
      const customerId =
        known ??
        `rl_${createHash('sha256').update(`${current.gift.id}|${person.email.trim().toLowerCase()}`).digest('hex').slice(0, 20)}`
      if (customerId === current.gift.giverId)
        throw new CouponError('REEL_ERR_GIFT_TO_SELF', 'The giver cannot claim their own gift')
      if (current.gift.receiverId !== null && current.gift.receiverId !== customerId)
        throw new CouponError('REEL_ERR_GIFT_NOT_FOR_YOU', 'This gift is for another member')
      // The claim and the newcomer's sign-up commit together or not at all: a sign-up that fails leaves
      // the gift pending and its link working.
      const claimed = await db.transaction().execute(async (tx) => {
        const { gift, repeated } = await claimOnce(tx, current.gift, customerId, !known)
        if (gift.joinedThrough && !repeated)
          await recordSignUp(tx, customerId, person, gift, current.coupon.kind)
        const walletUrl =
          gift.joinedThrough && !repeated ? (await createWalletLink(customerId, tx)).url : null
        if (!repeated) await tellGiftEvents(tx, deps.onGiftEvents, 'claimed', [gift])
        return { gift, repeated, walletUrl }
      })
      const { gift, repeated, walletUrl } = claimed
      const coupon = await mustFindCoupon(gift.couponId)
      return { gift, coupon, joined: gift.joinedThrough, repeated, walletUrl }
    },
    async declineByToken(token) {
      const row = await giftByToken(db, token)
      if (!row) throw new CouponError('REEL_ERR_GIFT_NOT_FOUND', 'This gift link is not valid')
      return resolveTold(row.id, { outcome: 'declined' })
    },
    async wallet(customerId) {
      const now = clock()
      const [coupons, incoming, sentGifts] = await Promise.all([
        couponsOfOwner(db, customerId, now),
        listGifts(db, { receiverId: customerId, claimableAt: now, limit: 100 }),
        listGifts(db, { giverId: customerId, limit: 50 }),
      ])
      const incomingGifts = await Promise.all(
        incoming.map(async (g) => ({
          ...g,
          coupon: await mustFindCoupon(g.couponId),
          giverName: await deps.displayNameOf(db, g.giverId),
        })),
      )
      return { customerId, coupons, incomingGifts, sentGifts: sentGifts.map(sent) }
    },
    createWalletLink,
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

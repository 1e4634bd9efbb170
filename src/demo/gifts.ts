import type { Coupon, Coupons, Gift, TemplateInput } from '../coupons/index.js'
import type { AnyDb } from '../db/index.js'
import { membersMatching } from '../profiles/index.js'
import { createRandom, type Random } from './random.js'

/** The demo's giftable template, found by this name on a later run. */
export const DEMO_GIFT_TEMPLATE: TemplateInput = {
  name: '친구 선물 ₩5,000 할인 · Friend gift ₩5,000 off',
  kind: 'other',
  discount: { type: 'amount', amount: 5000, currency: 'KRW' },
  minOrder: 30000,
  // Longer than the expiring-coupon notice (7 days), so the demo's coupons raise no radar signal yet.
  validDays: 60,
  validUntil: null,
  giftable: true,
  maxGiftHops: 3,
  releaseOnCancel: true,
  autoIssue: null,
  issueDaysBefore: 0,
}

/** At most this many coupons, so a 100,000-customer shop is seeded in seconds (about 1.2 gifts each). */
export const MAX_DEMO_COUPONS = 200
/** Fewer members than this and the demo gives no coupons: there would be no one to pass them on to. */
const MIN_MEMBERS = 20
const SIGNED_UP = { field: 'days_since_signed_up', op: '>=', value: 0 } as const

/** What becomes of one coupon: a gift per hop (each to a member, or the last by link), then maybe an order. */
interface CouponPlan {
  hops: Array<{ to: string | 'link'; outcome: 'claimed' | 'declined' | 'pending' }>
  redeem: { orderTotal: number } | null
}

/** What the demo's coupons have come to (all of them, this run's and earlier runs'): only states reached. */
export interface DemoGiftSummary {
  templates: number
  issued: number
  gifted: number
  claimed: number
  declined: number
  pending: number
  viaLink: number
  redeemed: number
}

/** How many coupons end each way: about 60% gifted on, a few declined, pending or claimed by link. */
function shares(n: number) {
  const few = Math.max(1, Math.round(n * 0.05))
  const viaLink = n >= 40 ? 3 : 2
  const claimed = Math.max(2, Math.round(n * 0.6) - viaLink - 2 * few)
  const secondHop = Math.max(1, Math.round(claimed / 3))
  return {
    declined: few,
    pending: few,
    viaLink,
    claimed,
    secondHop,
    thirdHop: Math.max(1, Math.round(secondHop / 2)),
  }
}

const orderTotal = (random: Random) => random.int(39, 189) * 1000

/** Each coupon's fate, drawn from the seed: owners first in `members`, receivers taken from the rest. */
function planCoupons(owners: readonly string[], receivers: string[], random: Random): CouponPlan[] {
  const s = shares(owners.length)
  // MIN_MEMBERS and the 5% keep enough receivers: each is given at most one coupon.
  const next = () => {
    const receiver = receivers.pop()
    if (receiver === undefined) throw new Error('the demo ran out of members to give coupons to')
    return receiver
  }
  return owners.map((_, i) => {
    let hops: CouponPlan['hops'] = []
    if (i < s.claimed) {
      const depth = i < s.thirdHop ? 3 : i < s.secondHop ? 2 : 1
      hops = Array.from({ length: depth }, () => ({ to: next(), outcome: 'claimed' as const }))
    } else if (i < s.claimed + s.viaLink) hops = [{ to: 'link', outcome: 'claimed' }]
    else if (i < s.claimed + s.viaLink + s.declined) hops = [{ to: next(), outcome: 'declined' }]
    else if (i < s.claimed + s.viaLink + s.declined + s.pending) hops = [{ to: next(), outcome: 'pending' }]
    // Every other coupon that changed hands is spent by its last receiver (so even a small shop shows
    // revenue from gifts), and a few that stayed with their owner.
    const spent = hops[0]?.outcome === 'claimed' ? i % 2 === 0 : hops.length === 0 && random.chance(0.1)
    return { hops, redeem: spent ? { orderTotal: orderTotal(random) } : null }
  })
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}

async function demoTemplate(coupons: Coupons) {
  const all = await coupons.listTemplates({ includeArchived: true })
  return all.find((t) => t.name === DEMO_GIFT_TEMPLATE.name) ?? coupons.createTemplate(DEMO_GIFT_TEMPLATE)
}

/** Makes the hops of one coupon not made yet (a gift per hop, found again by its hop on a later run). */
async function playCoupon(
  coupons: Coupons,
  coupon: Coupon,
  plan: CouponPlan,
  label: string,
): Promise<{ gifts: Gift[]; holder: string }> {
  const made = new Map((await coupons.listGifts({ couponId: coupon.id, limit: 10 })).map((g) => [g.hop, g]))
  const gifts: Gift[] = []
  let holder = coupon.ownerId
  for (const [i, step] of plan.hops.entries()) {
    let gift = made.get(i + 1)
    if (!gift) {
      const to = step.to === 'link' ? { link: true as const } : { customerId: step.to }
      const sent = await coupons.gift({
        couponId: coupon.id,
        giverId: holder,
        to,
        message: '선물이에요 · A gift for you',
      })
      gift = sent
      if (step.outcome === 'declined') gift = await coupons.declineGift(sent.id, step.to)
      else if (step.outcome === 'claimed' && step.to !== 'link')
        gift = await coupons.acceptGift(sent.id, step.to)
      else if (step.outcome === 'claimed' && sent.claimUrl) {
        // A newcomer opens the link and joins: their sign-up is what the K-factor counts.
        const token = sent.claimUrl.slice(sent.claimUrl.lastIndexOf('/') + 1)
        const person = { email: `${label}@friends.demo.example`, name: `새 친구 ${label}` }
        gift = (await coupons.claimByToken(token, person)).gift
      }
    }
    gifts.push(gift)
    if (gift.state !== 'claimed' || !gift.claimedBy) break
    holder = gift.claimedBy
  }
  return { gifts, holder }
}

/**
 * Leaves coupon gifts in the demo shop so the Coupons page has figures and chains: a giftable template,
 * coupons for about 5% of the members (at most MAX_DEMO_COUPONS), most passed on, some several hops deep,
 * some by claim link to newcomers, a few declined or pending, some spent on an order. Drawn from the seed;
 * running it again finds the template, the coupons (idempotency keys) and the gifts (by hop) and adds nothing.
 */
export async function seedDemoGifts(options: {
  db: AnyDb
  coupons: Coupons
  seed: number
  asOf: Date
}): Promise<DemoGiftSummary> {
  const { coupons, seed } = options
  const summary = {
    templates: 0,
    issued: 0,
    gifted: 0,
    claimed: 0,
    declined: 0,
    pending: 0,
    viaLink: 0,
    redeemed: 0,
  }
  // The shop's members, signed up before its end: not the newcomers its own gift links brought in, so a
  // second run draws from the same members.
  const beforeEnd = new Date(options.asOf.getTime() - 1)
  const members = await membersMatching(options.db, [SIGNED_UP], beforeEnd, {})
  if (members.length < MIN_MEMBERS) return summary
  // Its own stream: the shop's events stay as they were.
  const random = createRandom(seed ^ 0x6f1f7)
  shuffle(members, random)
  const n = Math.min(MAX_DEMO_COUPONS, Math.max(10, Math.round(members.length * 0.05)))
  const owners = members.slice(0, n)
  const plans = planCoupons(owners, members.slice(n), random)
  const template = await demoTemplate(coupons)
  summary.templates = 1
  // An archived template issues nothing: the shop's choice stands.
  if (template.archivedAt) return summary
  const issued = await coupons.issue({
    templateId: template.id,
    customerIds: owners,
    idempotencyKey: `demo-gift:${seed}`,
    source: 'demo',
  })
  summary.issued = issued.length
  for (const [i, coupon] of issued.entries()) {
    const plan = plans[i] as CouponPlan
    const { gifts, holder } = await playCoupon(coupons, coupon, plan, `demo-${seed}-${i}`)
    for (const g of gifts) {
      summary.gifted += 1
      if (g.state === 'claimed') summary.claimed += 1
      if (g.state === 'declined') summary.declined += 1
      if (g.state === 'pending') summary.pending += 1
      if (g.state === 'claimed' && g.receiverId === null) summary.viaLink += 1
    }
    if (!plan.redeem) continue
    const order = {
      coupon: coupon.id,
      customerId: holder,
      orderId: `demo-gift-order-${seed}-${i}`,
      orderTotal: plan.redeem.orderTotal,
      currency: 'KRW',
    }
    // A coupon the shop has since used, voided or let expire stays as it is (a later run, days on).
    if ((await coupons.validate(order)).refusal !== null) continue
    if ((await coupons.redeem(order, 'demo')).coupon.state === 'redeemed') summary.redeemed += 1
  }
  return summary
}

/** A small shop for the customer-page tests: three members, a giftable 5,000 won coupon, helpers. */
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import type { Coupon, GiftRecipient, SentGift } from '../coupons/index.js'
import { buildHttp } from '../http/server.js'
import type { TestEngine } from '../test-support/engines.js'

export const NOW = new Date('2026-05-01T09:00:00.000Z')

/** The shop's name on the pages (REEL_SHOP_NAME). */
export const SHOP_NAME = 'Maru Store'

/** Members by id: their e-mail, the name a gift shows, and for some a language or time zone of their own. */
export const MEMBERS = {
  mina: { email: 'mina@example.kr', name: 'Mina Kim' },
  joon: { email: 'joon@example.kr', name: 'Joon Park' },
  hana: { email: 'hana@example.kr', name: 'Hana Lee' },
  sora: { email: 'sora@example.kr', name: '김소라', locale: 'ko-KR' },
  lee: { email: 'lee@example.co.uk', name: 'Lee Evans', locale: 'en-GB', timezone: 'Europe/London' },
} as const
export type MemberId = keyof typeof MEMBERS

export interface TestShop {
  reel: Reel
  app: FastifyInstance
  issue(owner: MemberId): Promise<Coupon>
  gift(owner: MemberId, to: GiftRecipient, message?: string): Promise<SentGift & { token: string }>
  walletToken(member: string): Promise<string>
  close(): Promise<void>
}

/**
 * Starts Reel on the engine with the members and the template, and its HTTP app (not listening). The shop
 * is in Seoul (REEL_DEFAULT_TIMEZONE); `env` adds settings.
 */
export async function openTestShop(
  engine: TestEngine,
  clock: () => Date = () => NOW,
  env: Record<string, string> = {},
): Promise<TestShop> {
  const reel = await engine.start({
    clock,
    env: { REEL_SHOP_NAME: SHOP_NAME, REEL_DEFAULT_TIMEZONE: 'Asia/Seoul', ...env },
  })
  await reel.ingestor.ingest(
    Object.entries(MEMBERS).map(([id, traits]) => ({
      type: 'identify',
      userId: id,
      messageId: `identify-${id}`,
      timestamp: NOW.toISOString(),
      traits,
    })),
  )
  const template = await reel.coupons.createTemplate({
    name: '5,000 won welcome',
    kind: 'welcome',
    discount: { type: 'amount', amount: 5000, currency: 'KRW' },
    minOrder: 20000,
    validDays: 14,
    validUntil: null,
    giftable: true,
    maxGiftHops: 2,
    releaseOnCancel: true,
    autoIssue: null,
    issueDaysBefore: 0,
  })
  const app = await buildHttp(reel, { logger: false })
  async function issue(owner: MemberId): Promise<Coupon> {
    const [coupon] = await reel.coupons.issue({ templateId: template.id, customerIds: [owner] })
    if (!coupon) throw new Error('no coupon issued')
    return coupon
  }
  return {
    reel,
    app,
    issue,
    async gift(owner, to, message) {
      const coupon = await issue(owner)
      const gift = await reel.coupons.gift({ couponId: coupon.id, giverId: owner, to, message })
      return { ...gift, token: gift.claimUrl?.split('/g/')[1] ?? '' }
    },
    async walletToken(member) {
      return (await reel.coupons.createWalletLink(member)).token
    },
    async close() {
      await app.close()
      await reel.close()
    },
  }
}

import type { Campaign } from './campaign.js'
import { bucketOf } from './holdout.js'

/** The shop-wide control group: a share of members held out of every marketing campaign. */
export interface GlobalHoldout {
  /** The shop's salt (made once and stored): the same members stay out for good. */
  salt: string
  /** REEL_GLOBAL_HOLDOUT: 0 turns it off. */
  share: number
}

export const NO_GLOBAL_HOLDOUT: GlobalHoldout = { salt: '', share: 0 }

/**
 * Pure: whether a member is in the shop-wide holdout. The hash is salted apart from every campaign's
 * (`global\0` before the shop's salt), so who is held out shop-wide tells nothing of a campaign's arms.
 */
export function inGlobalHoldout(holdout: GlobalHoldout, customerId: string): boolean {
  return holdout.share > 0 && bucketOf(`global\u0000${holdout.salt}`, customerId) < holdout.share
}

/**
 * Pure: whether the shop-wide holdout applies to a campaign: one that sends anything marketing. A campaign
 * of transactional messages only (order updates) reaches everyone, as gift notices do.
 */
export function heldOutShopWide(campaign: Pick<Campaign, 'steps'>): boolean {
  return campaign.steps.some((s) => s.type === 'send' && s.messageType === 'marketing')
}

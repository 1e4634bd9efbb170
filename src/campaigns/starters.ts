import type { CampaignInput } from './campaign.js'

/** Template names the starter campaigns send (the templates module ships them in `ko` and `en`). */
export const STARTER_TEMPLATES = {
  cartReminder: 'cart_reminder',
  cartReminderAgain: 'cart_reminder_nudge',
  outOfStockApology: 'out_of_stock_apology',
  reviewFollowUp: 'review_follow_up',
  dormancyNotice: 'dormancy_notice',
  giftSuggestion: 'coupon_gift_suggestion',
  winBack: 'win_back',
} as const

/**
 * The campaigns every shop starts with, one per kind of missed customer that has a natural message.
 * They are created paused on first start: a marketer reads them, then resumes the ones they want.
 * `apologyCouponTemplateId` is the coupon template the apology offers.
 */
export function starterCampaigns(
  apologyCouponTemplateId: string,
): Array<{ key: string; input: CampaignInput }> {
  const base = { audience: [], holdoutShare: 0.1, goalDays: 7, quietHours: 'hold' as const }
  const caps = { perChannelPerDay: 1, globalPerWeek: 3 }
  const email = (
    template: string,
    messageType: 'marketing' | 'order_updates' = 'marketing',
    couponTemplateId: string | null = null,
  ) => ({
    type: 'send' as const,
    channel: 'email' as const,
    template,
    messageType,
    couponTemplateId,
  })
  return [
    {
      key: 'cart_reminder',
      input: {
        ...base,
        caps,
        name: 'Cart reminder, with a second nudge',
        trigger: { type: 'signal', kind: 'cart_abandoned', maxAgeHours: 24 },
        steps: [
          email(STARTER_TEMPLATES.cartReminder),
          { type: 'wait', hours: 24 },
          { type: 'condition', check: 'cart_still_abandoned' },
          email(STARTER_TEMPLATES.cartReminderAgain),
        ],
      },
    },
    {
      key: 'out_of_stock_apology',
      input: {
        ...base,
        caps,
        name: 'Apology with a coupon after an out-of-stock cancellation',
        trigger: { type: 'signal', kind: 'out_of_stock', maxAgeHours: 72 },
        goalDays: 14,
        steps: [email(STARTER_TEMPLATES.outOfStockApology, 'marketing', apologyCouponTemplateId)],
      },
    },
    {
      key: 'review_follow_up',
      input: {
        ...base,
        caps,
        name: 'Follow-up on a poor review',
        trigger: { type: 'signal', kind: 'negative_review', maxAgeHours: 72 },
        steps: [email(STARTER_TEMPLATES.reviewFollowUp)],
      },
    },
    {
      key: 'dormancy_notice',
      input: {
        ...base,
        caps,
        name: 'Dormancy notice 30 days before the account goes dormant',
        trigger: { type: 'signal', kind: 'dormant_soon', maxAgeHours: 168 },
        goalDays: 30,
        // The notice is owed to the member (Korean law asks for it), so it is not marketing.
        steps: [email(STARTER_TEMPLATES.dormancyNotice, 'order_updates')],
      },
    },
    {
      key: 'gift_suggestion',
      input: {
        ...base,
        caps,
        name: 'Suggest gifting a coupon about to expire unused',
        trigger: { type: 'signal', kind: 'coupon_expiring_unused', maxAgeHours: 72 },
        steps: [email(STARTER_TEMPLATES.giftSuggestion)],
      },
    },
    {
      key: 'churn_risk_win_back',
      input: {
        ...base,
        caps,
        name: 'Win back a valuable customer who is likely leaving',
        // Raised by each refit (daily by default): a week covers a server that was down for a few days.
        trigger: { type: 'signal', kind: 'churn_risk', maxAgeHours: 168 },
        goalDays: 30,
        steps: [email(STARTER_TEMPLATES.winBack)],
      },
    },
  ]
}

import type { CampaignInput } from '../index.js'

/**
 * A campaign of one marketing e-mail, as tests write it: the name, trigger and template, a 10% holdout, a
 * 7-day goal, held in quiet hours and up to 5 e-mails a day, unless `over` says otherwise.
 */
export function oneEmailCampaign(
  name: string,
  trigger: CampaignInput['trigger'],
  template: string,
  over: Partial<CampaignInput> = {},
): CampaignInput {
  return {
    name,
    trigger,
    audience: [],
    steps: [{ type: 'send', channel: 'email', template, messageType: 'marketing', couponTemplateId: null }],
    holdoutShare: 0.1,
    goalDays: 7,
    quietHours: 'hold',
    caps: { perChannelPerDay: 5 },
    ...over,
  }
}

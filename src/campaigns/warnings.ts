import { type ChannelName, PROVIDER_SETTING } from '../channels/index.js'
import type { Step } from './flow.js'

/** Something that keeps a campaign from reaching customers as it stands: said when it is resumed. */
export interface CampaignWarning {
  /** The send step, counted from 1 as a marketer reads the flow. */
  step: number
  channel: ChannelName
  message: string
}

/** Pure: a warning for each send step whose channel has no provider configured here. */
export function providerWarnings(steps: readonly Step[], configured: readonly string[]): CampaignWarning[] {
  return steps.flatMap((step, index): CampaignWarning[] => {
    if (step.type !== 'send' || configured.includes(step.channel) || step.channel === 'log') return []
    const setting = PROVIDER_SETTING[step.channel]
    return [
      {
        step: index + 1,
        channel: step.channel,
        message: `step ${index + 1} sends by ${step.channel}, but no ${step.channel} provider is configured (${setting}): its messages wait in the outbox, unsent, until one is`,
      },
    ]
  })
}

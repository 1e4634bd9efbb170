import { httpSms } from './http-sms.js'
import { logChannel } from './log.js'
import type { ChannelName } from './message.js'
import { messenger } from './messenger.js'
import type { Provider } from './provider.js'
import type { ChannelSettings } from './settings.js'
import { smtp } from './smtp.js'
import { webhook } from './webhook.js'

/** The providers the settings configure, by channel; `log` always, so a new shop sees its messages. */
export function configuredProviders(
  settings: ChannelSettings,
  dataDir: string,
  clock: () => Date,
): Map<ChannelName, Provider> {
  const timeoutMs = settings.sendTimeoutMs
  const providers: Provider[] = []
  if (settings.smtpUrl) providers.push(smtp({ url: settings.smtpUrl, from: settings.emailFrom, timeoutMs }))
  if (settings.sms)
    providers.push(
      httpSms({
        ...settings.sms,
        marketingPrefix: settings.smsMarketingPrefix,
        optOutLine: settings.smsOptOutLine,
        timeoutMs,
      }),
    )
  if (settings.messenger) providers.push(messenger({ ...settings.messenger, timeoutMs }))
  if (settings.webhookUrl)
    providers.push(webhook({ url: settings.webhookUrl, secret: settings.webhookSecret, timeoutMs }))
  providers.push(logChannel({ dataDir, clock }))
  return new Map(providers.map((p) => [p.name, p]))
}

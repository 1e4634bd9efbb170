import { postToProvider } from './http-send.js'
import { alreadyDelivered, type DueMessage, type Provider } from './provider.js'
import type { HttpProviderSettings } from './settings.js'

export interface HttpSmsOptions extends HttpProviderSettings {
  /** Put before a marketing SMS, e.g. "(광고)" (Korean law requires it); empty for none. */
  marketingPrefix: string
  /** The last line of a marketing SMS, e.g. how to opt out; empty for none. */
  optOutLine: string
  timeoutMs: number
}

/** The SMS body: marketing messages carry the configured prefix and opt-out line (DESIGN section 8). */
export function smsBody(
  message: DueMessage,
  options: Pick<HttpSmsOptions, 'marketingPrefix' | 'optOutLine'>,
) {
  if (message.messageType !== 'marketing') return message.text
  const prefix = options.marketingPrefix ? `${options.marketingPrefix} ` : ''
  const optOut = options.optOutLine ? `\n${options.optOutLine}` : ''
  return `${prefix}${message.text}${optOut}`
}

/** SMS through an HTTP provider: a generic JSON webhook or the Twilio-style form API. */
export function httpSms(options: HttpSmsOptions): Provider {
  return httpTextProvider('sms', options, (message) => smsBody(message, options))
}

/** A text message over HTTP, as SMS and messenger providers take it. */
export function httpTextProvider(
  name: 'sms' | 'messenger',
  options: HttpProviderSettings & { timeoutMs: number },
  bodyOf: (message: DueMessage) => string,
): Provider {
  return {
    name,
    async send(message) {
      const text = bodyOf(message)
      const twilio = options.format === 'twilio'
      const body = twilio
        ? new URLSearchParams({ To: message.to, From: options.from ?? '', Body: text }).toString()
        : JSON.stringify({
            to: message.to,
            from: options.from,
            text,
            message_type: message.messageType,
            idempotency_key: message.idempotencyKey,
            metadata: message.metadata,
          })
      const id = await postToProvider({
        url: options.url,
        body,
        contentType: twilio ? 'application/x-www-form-urlencoded' : 'application/json',
        token: options.token,
        idempotencyKey: message.idempotencyKey,
        timeoutMs: options.timeoutMs,
      })
      return alreadyDelivered(id)
    },
    close: async () => {},
  }
}

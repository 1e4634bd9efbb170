import { httpTextProvider } from './http-sms.js'
import type { Provider } from './provider.js'
import type { HttpProviderSettings } from './settings.js'

export interface MessengerOptions extends HttpProviderSettings {
  timeoutMs: number
}

/**
 * Messenger messages (KakaoTalk notification messages, Facebook Messenger) through a provider's HTTP API:
 * the same request shape as SMS, without the SMS advertising prefix (messenger templates carry their own).
 */
export function messenger(options: MessengerOptions): Provider {
  return httpTextProvider('messenger', options, (message) => message.text)
}

import { createHmac } from 'node:crypto'
import { postToProvider } from './http-send.js'
import { alreadyDelivered, type Provider } from './provider.js'

export interface WebhookOptions {
  url: string
  /** Signs each body; null sends unsigned (not recommended). */
  secret: string | null
  timeoutMs: number
  /** Seconds since the epoch, for the signature's timestamp. */
  now?: () => number
}

/** The header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe signs its webhooks. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${digest}`
}

/** POSTs each message as JSON to the shop's endpoint, signed in the `Reel-Signature` header. */
export function webhook(options: WebhookOptions): Provider {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000))
  return {
    name: 'webhook',
    async send(message) {
      const body = JSON.stringify({
        id: message.idempotencyKey,
        customer_id: message.customerId,
        message_type: message.messageType,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        unsubscribe_url: message.unsubscribeUrl,
        metadata: message.metadata,
      })
      const headers: Record<string, string> = options.secret
        ? { 'reel-signature': webhookSignature(options.secret, now(), body) }
        : {}
      const id = await postToProvider({
        url: options.url,
        body,
        contentType: 'application/json',
        headers,
        idempotencyKey: message.idempotencyKey,
        timeoutMs: options.timeoutMs,
      })
      return alreadyDelivered(id)
    },
    close: async () => {},
  }
}

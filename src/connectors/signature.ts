import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Whether `given` is the base64 HMAC-SHA256 of the raw body under `secret`, as Shopify
 * (`X-Shopify-Hmac-Sha256`) and WooCommerce (`X-WC-Webhook-Signature`) sign their webhooks. The digest is
 * compared in constant time; a header that is not 32 bytes of base64 is simply no match.
 */
export function signedBy(rawBody: Buffer, secret: string, given: string | undefined): boolean {
  if (!given || secret === '') return false
  const expected = createHmac('sha256', secret).update(rawBody).digest()
  const sent = Buffer.from(given.trim(), 'base64')
  return sent.length === expected.length && timingSafeEqual(sent, expected)
}

/** Whether any of the secrets signed the body: a shop rotating its secret has two for a while. */
export function signedByAny(rawBody: Buffer, secrets: readonly string[], given: string | undefined): boolean {
  let matched = false
  // Every secret is tried, so the time taken does not tell which one matched.
  for (const secret of secrets) matched = signedBy(rawBody, secret, given) || matched
  return matched
}

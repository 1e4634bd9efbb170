import { PAGE_CSS_HASH } from './layout.js'

/**
 * Nothing runs on these pages but their one style sheet: no scripts, no frames, forms only to us. The
 * tokens ride in the URL, so no Referer carries them away and no cache or search engine keeps them.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${PAGE_CSS_HASH}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Headers on every customer page and redirect. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'content-security-policy': PAGE_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
}

/** Headers on the wallet API: personal data, never cached. */
export const WALLET_API_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
}

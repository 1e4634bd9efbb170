/** The customer-facing pages (claim link, wallet, preferences) and what the APIs share with them. */

export { profileLocale, type Reader, readerOf } from '../locale/index.js'
export {
  choiceField,
  PREFERENCE_NOTICES,
  type PreferenceNotice,
  renderPreferences,
  renderUnsubscribe,
} from './consent-views.js'
export { customerPages } from './customer-pages.js'
export { formatDate, formatMoney } from './format.js'
export { PAGE_HEADERS, WALLET_API_HEADERS } from './headers.js'
export { type Locale, pickLocale, stringsFor } from './locale.js'
export { localeOf, sendHtml } from './page-reply.js'
export { renderMessage } from './render.js'
export { type CouponView, couponView } from './views.js'
export { type WalletActions, walletActions } from './wallet-actions.js'

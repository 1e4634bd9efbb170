/** The customer-facing pages (claim link, wallet) and what the wallet API shares with them. */
export { customerPages } from './customer-pages.js'
export { WALLET_API_HEADERS } from './headers.js'
export { type Locale, pickLocale } from './locale.js'
export { type WalletActions, walletActions } from './wallet-actions.js'

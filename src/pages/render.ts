import { Liquid } from 'liquidjs'
import { CLAIM_PAGE, CLAIMED_PAGE, COUPON_CARD } from './claim-templates.js'
import { PREFERENCES_PAGE, UNSUBSCRIBE_PAGE } from './consent-templates.js'
import { LAYOUT, MESSAGE_PAGE } from './layout.js'
import type { Strings } from './strings-en.js'
import { TRACKING_FIND_PAGE, TRACKING_PAGE } from './tracking-template.js'
import { WALLET_PAGE } from './wallet-template.js'

// Templates live in TypeScript (tsc copies no .liquid files to dist). Every output is HTML-escaped, and a
// misspelt variable or filter fails the render (and the tests) instead of printing nothing.
const liquid = new Liquid({
  templates: {
    layout: LAYOUT,
    'coupon-card': COUPON_CARD,
    message: MESSAGE_PAGE,
    claim: CLAIM_PAGE,
    claimed: CLAIMED_PAGE,
    wallet: WALLET_PAGE,
    preferences: PREFERENCES_PAGE,
    unsubscribe: UNSUBSCRIBE_PAGE,
    tracking: TRACKING_PAGE,
    'tracking-find': TRACKING_FIND_PAGE,
  },
  outputEscape: 'escape',
  strictVariables: true,
  strictFilters: true,
  lenientIf: true,
  ownPropertyOnly: true,
  cache: true,
})

export type PageName =
  | 'message'
  | 'claim'
  | 'claimed'
  | 'wallet'
  | 'preferences'
  | 'unsubscribe'
  | 'tracking'
  | 'tracking-find'

/** What every page gets: its strings and its title. */
export interface PageData {
  t: Strings
  title: string
  [key: string]: unknown
}

/** A page as HTML. */
export function renderPage(name: PageName, data: PageData): Promise<string> {
  return liquid.renderFile(name, data)
}

/** A page that only says something (not found, gone, declined, an error). */
export function renderMessage(t: Strings, title: string, text: string): Promise<string> {
  return renderPage('message', { t, title, text })
}

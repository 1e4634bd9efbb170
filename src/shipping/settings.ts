/** How post-purchase care runs (REEL_SHIPPING_* and REEL_CARRIER_WEBHOOK_TOKEN). */
export interface ShippingSettings {
  /**
   * REEL_SHIPPING_HOLDOUT: the share of shipments that get only the shipped message, against which the
   * where-is-my-order figure measures the proactive updates (0: none held out).
   */
  holdoutShare: number
  /** REEL_CARRIER_WEBHOOK_TOKEN: the carrier webhook's token; unset, Reel makes one and stores it. */
  webhookToken: string | undefined
  /** REEL_SHIPPING_TICK_MS: how often late and silent shipments are looked for. */
  tickMs: number
  /**
   * A status older than this is history (an import, a rebuild, a carrier catching up), not news: nobody is
   * told of it. A day: carriers post within minutes, and "out for delivery" two days late would mislead.
   */
  newsWindowMs: number
}

export const DEFAULT_SHIPPING_SETTINGS: ShippingSettings = {
  holdoutShare: 0,
  webhookToken: undefined,
  tickMs: 10 * 60_000,
  newsWindowMs: 86_400_000,
}

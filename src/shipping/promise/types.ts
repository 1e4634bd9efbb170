/** What is known of a shipment when a promise is made. Times in ms since epoch. */
export interface ShipmentSoFar {
  /** Carrier name, null when unknown. */
  carrier: string | null
  /** Origin region (seller's / warehouse's state). */
  origin: string | null
  /** Destination region (customer's state). */
  destination: string | null
  /** A finer destination inside the region (postcode district): a state's capital is not its interior. */
  destinationArea?: string | null
  /** Seller or warehouse id, for its own handling time. */
  seller: string | null
  purchasedAt: number
  /** Carrier handover (first carrier scan); null when not yet handed over, or never scanned. */
  handedOverAt: number | null
}

/**
 * A shipment of the shop's past, as the promise model learns from it: delivered, or still waiting for the
 * carrier or in flight (the fit counts those as lasting at least until it).
 */
export interface PastShipment extends ShipmentSoFar {
  /** Null while not delivered. A time at or after the fit's `asOf` counts as not yet happened. */
  deliveredAt: number | null
}

export interface DeliveryPromise {
  /** The date promised to the customer (ms, end of that day in the shop's time zone is NOT applied here: a time). */
  promiseAt: number
  /** Best single estimate (point). */
  expectedAt: number
  /** The stated 80% range: 10th and 90th percentile of the delivery time. */
  earliestAt: number
  latestAt: number
  /** What the estimate rests on, most specific first, e.g. 'seller+lane', 'lane', 'destination', 'shop'; and how many past shipments. */
  basis: string
  sampleSize: number
}

/**
 * A duration's distribution as equal-mass quantiles: `grid[i]` is the quantile at (i + 0.5) / grid.length,
 * in ms. A fixed small grid keeps the model JSON-sized and makes blending and adding two durations cheap.
 */
export interface Durations {
  grid: number[]
  /** Shipments it was learnt from. */
  count: number
  /** Kish's effective sample size of the recency weights: what the shrinkage trusts. */
  effectiveCount: number
}

/** Durations by group key; a group is absent when no past shipment fell into it. */
export type DurationsByKey = Record<string, Durations>

/**
 * What fitPromiseModel learnt: plain JSON, so the product can cache it. Handling is purchase → handover,
 * transit is handover → delivery; each is a hierarchy from the whole shop down to the most specific group.
 */
export interface PromiseModel {
  asOf: number
  options: PromiseOptions
  handling: { shop: Durations | null; weekday: DurationsByKey; seller: DurationsByKey }
  transit: {
    shop: Durations | null
    /** The factor every transit group was scaled by to the shop's recent pace (1: as learnt). */
    pace: number
    destination: DurationsByKey
    lane: DurationsByKey
    areaLane: DurationsByKey
    carrierLane: DurationsByKey
    sellerLane: DurationsByKey
  }
  /** Purchase → delivery of shipments without a handover time, the fallback when handling is unknown. */
  total: { shop: Durations | null }
}

/** The knobs of the model; DEFAULT_PROMISE_OPTIONS says what each does and why it has its value. */
export interface PromiseOptions {
  halfLifeDays: number
  paceHalfLifeDays: number
  windowDays: number
  promiseQuantile: number
  shrinkage: number
  gridSize: number
  utcOffsetMinutes: number
}

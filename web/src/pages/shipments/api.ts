import { call, query } from '../../api'

/** The shipping admin API (src/http/shipping-routes.ts); types mirror its response schemas. */
export const SHIPMENT_STATUSES = [
  'pending',
  'info_received',
  'in_transit',
  'out_for_delivery',
  'attempt_fail',
  'available_for_pickup',
  'exception',
  'delivered',
  'expired',
  'return_requested',
  'return_in_transit',
  'return_received',
  'refunded',
] as const
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number]

export interface Shipment {
  shipmentId: string
  orderId: string
  customerId: string | null
  kind: 'outbound' | 'return'
  carrier: string | null
  trackingNumber: string | null
  status: ShipmentStatus
  statusAt: string
  location: string | null
  destinationRegion: string | null
  shippedAt: string | null
  deliveredAt: string | null
  lastScanAt: string
  unmatchedReason: string | null
}

export interface Promise_ {
  promiseAt: string
  earliestAt: string
  latestAt: string
}

export interface ShippingOverview {
  byStatus: Partial<Record<ShipmentStatus, number>>
  unmatched: number
  delayed: Array<Shipment & { reason: 'silent' | 'promise_passing'; promise: Promise_ | null }>
  promises: {
    delivered: number
    promised: number
    metShare: number | null
    inRangeShare: number | null
    meanDaysEarly: number | null
  }
}

interface ArmWeek {
  shipments: number
  contacts: number
  per100: number | null
}
export interface WismoFigure {
  weeks: Array<{ week: string; updated: ArmWeek; holdout: ArmWeek }>
  difference: { per100: number; lower: number; upper: number } | null
  reason: string | null
}

export const shippingApi = {
  overview: () => call<ShippingOverview>('GET', '/shipments/overview'),
  shipments: (filter: { status?: string; limit: number }) =>
    call<{ shipments: Shipment[] }>('GET', `/shipments${query({ ...filter, limit: String(filter.limit) })}`),
  wismo: () => call<WismoFigure>('GET', '/shipping/where-is-my-order'),
}

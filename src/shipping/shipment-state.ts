import { isReturnStatus, isShipped, moves, type ShipmentStatus, stageAfter } from './taxonomy.js'

/** A shipment (or a return) as the shipping projection keeps it. Times in ms. */
export interface ShipmentState {
  shipmentId: string
  orderId: string
  kind: 'outbound' | 'return'
  carrier: string | null
  trackingNumber: string | null
  status: ShipmentStatus
  stage: number
  rawStatus: string | null
  subStatus: string | null
  statusAt: number
  location: string | null
  originRegion: string | null
  destinationRegion: string | null
  products: unknown[] | null
  carrierEstimate: number | null
  shippedAt: number | null
  deliveredAt: number | null
  firstScanAt: number
  lastScanAt: number
}

/** One scan of a shipment, as an event reports it. */
export interface Scan {
  shipmentId: string
  orderId: string
  status: ShipmentStatus
  at: number
  carrier?: string | null | undefined
  trackingNumber?: string | null | undefined
  rawStatus?: string | null | undefined
  subStatus?: string | null | undefined
  location?: string | null | undefined
  originRegion?: string | null | undefined
  destinationRegion?: string | null | undefined
  products?: unknown[] | undefined
  carrierEstimate?: number | null | undefined
}

const min = (a: number | null, b: number) => (a === null ? b : Math.min(a, b))

/**
 * The shipment after one more scan, in any order: the current status moves only forward (see `moves`);
 * what a scan tells of the parcel (carrier, tracking number, lane, items) fills what is still unknown,
 * and the carrier's latest estimate wins. Shipped and delivered times are the earliest scans that say so,
 * so a late scan of the handover still dates it right.
 */
export function withScan(current: ShipmentState | undefined, scan: Scan): ShipmentState {
  const base: ShipmentState = current ?? {
    shipmentId: scan.shipmentId,
    orderId: scan.orderId,
    kind: isReturnStatus(scan.status) ? 'return' : 'outbound',
    carrier: null,
    trackingNumber: null,
    status: scan.status,
    stage: stageAfter(null, scan.status),
    rawStatus: scan.rawStatus ?? null,
    subStatus: scan.subStatus ?? null,
    statusAt: scan.at,
    location: scan.location ?? null,
    originRegion: null,
    destinationRegion: null,
    products: null,
    carrierEstimate: null,
    shippedAt: null,
    deliveredAt: null,
    firstScanAt: scan.at,
    lastScanAt: scan.at,
  }
  const moved = current !== undefined && moves({ ...current, at: current.statusAt }, scan)
  const next: ShipmentState = {
    ...base,
    carrier: base.carrier ?? scan.carrier ?? null,
    trackingNumber: base.trackingNumber ?? scan.trackingNumber ?? null,
    originRegion: base.originRegion ?? scan.originRegion ?? null,
    destinationRegion: base.destinationRegion ?? scan.destinationRegion ?? null,
    products: base.products ?? scan.products ?? null,
    carrierEstimate:
      scan.carrierEstimate != null && scan.at >= base.lastScanAt
        ? scan.carrierEstimate
        : base.carrierEstimate,
    firstScanAt: Math.min(base.firstScanAt, scan.at),
    lastScanAt: Math.max(base.lastScanAt, scan.at),
    ...(moved
      ? {
          status: scan.status,
          stage: stageAfter(base, scan.status),
          rawStatus: scan.rawStatus ?? null,
          subStatus: scan.subStatus ?? null,
          statusAt: scan.at,
          location: scan.location ?? base.location,
        }
      : {}),
  }
  const stage = { status: scan.status, stage: stageAfter(base, scan.status) }
  if (next.kind === 'outbound' && isShipped(stage)) next.shippedAt = min(next.shippedAt, scan.at)
  if (scan.status === 'delivered') next.deliveredAt = min(next.deliveredAt, scan.at)
  return next
}

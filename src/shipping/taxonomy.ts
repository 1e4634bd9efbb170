/**
 * The shipment status taxonomy of DESIGN section 7, normalised from every carrier: outbound statuses, then
 * the statuses of a return up to its refund.
 */
export const OUTBOUND_STATUSES = [
  'pending',
  'info_received',
  'in_transit',
  'out_for_delivery',
  'attempt_fail',
  'available_for_pickup',
  'exception',
  'delivered',
  'expired',
] as const
export const RETURN_STATUSES = [
  'return_requested',
  'return_in_transit',
  'return_received',
  'refunded',
] as const
export const SHIPMENT_STATUSES = [...OUTBOUND_STATUSES, ...RETURN_STATUSES] as const
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number]
export type ReturnStatus = (typeof RETURN_STATUSES)[number]
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number]

export const isShipmentStatus = (s: unknown): s is ShipmentStatus =>
  typeof s === 'string' && (SHIPMENT_STATUSES as readonly string[]).includes(s)

export const isReturnStatus = (s: ShipmentStatus): s is ReturnStatus =>
  (RETURN_STATUSES as readonly string[]).includes(s)

/**
 * How far along a parcel is. The last-mile statuses share a stage: a failed attempt is followed by a new
 * delivery run, so within a stage the later scan wins; across stages, only forward. An exception can
 * happen at any stage and never moves a parcel back, so it takes the stage it interrupts.
 */
const STAGE: Record<Exclude<ShipmentStatus, 'exception'>, number> = {
  pending: 0,
  info_received: 1,
  in_transit: 2,
  out_for_delivery: 3,
  attempt_fail: 3,
  available_for_pickup: 3,
  expired: 4,
  delivered: 5,
  return_requested: 10,
  return_in_transit: 11,
  return_received: 12,
  refunded: 13,
}

/** A shipment's current status, how far along it is, and when the carrier saw it. */
export interface StatusAt {
  status: ShipmentStatus
  stage: number
  at: number
}

/** The stage a status takes after the current one (an exception keeps the stage it interrupts). */
export function stageAfter(current: Pick<StatusAt, 'stage'> | null, status: ShipmentStatus): number {
  if (status !== 'exception') return STAGE[status]
  return current?.stage ?? STAGE.in_transit
}

/**
 * Whether an update moves the shipment's current status: forward in stage, or a later scan within the
 * stage (a new attempt after a failed one, transit resumed after an exception). Out-of-order and repeated
 * carrier updates never move a shipment backwards: they only join its timeline.
 */
export function moves(current: StatusAt | null, next: { status: ShipmentStatus; at: number }): boolean {
  if (!current) return true
  if (next.status === current.status) return false
  if (current.status === 'delivered' || current.status === 'refunded') return false
  const to = stageAfter(current, next.status)
  return to > current.stage || (to === current.stage && next.at > current.at)
}

/** Handed to the carrier: what the buyer calls "shipped". */
export const isShipped = (s: Pick<StatusAt, 'status' | 'stage'>): boolean =>
  !isReturnStatus(s.status) && s.stage >= STAGE.in_transit && s.stage < STAGE.return_requested

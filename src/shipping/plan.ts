import { createHash } from 'node:crypto'
import type { ShipmentState } from './shipment-state.js'
import type { ShipmentStatus } from './taxonomy.js'

/** What a shipping notice tells: a status the customer cares about, or a delay Reel foresees. */
export const NOTICE_KINDS = [
  'shipped',
  'out_for_delivery',
  'delivered',
  'attempt_fail',
  'available_for_pickup',
  'exception',
  'delayed',
  'return_received',
  'refunded',
] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

/** Each notice's starter template (src/shipping/starters.ts). */
export const noticeTemplate = (kind: NoticeKind) => `shipment_${kind}`

const NOTICE_OF: Partial<Record<ShipmentStatus, NoticeKind>> = {
  in_transit: 'shipped',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  attempt_fail: 'attempt_fail',
  available_for_pickup: 'available_for_pickup',
  exception: 'exception',
  return_received: 'return_received',
  refunded: 'refunded',
}

/** One notice for one shipment, sent once: the outbox stores `shipment:<id>:<kind>` and sends it once. */
export interface PlannedShipmentNotice {
  kind: NoticeKind
  shipmentId: string
  idempotencyKey: string
}

export const noticeKey = (shipmentId: string, kind: NoticeKind) => `shipment:${shipmentId}:${kind}`

/**
 * The notice a shipment's current status calls for, if any: none for a status that is history (older
 * than `newsWindowMs` at `now`: an import, a rebuild, a carrier catching up) and, for a shipment in the
 * holdout, none but the shipped message (against which the proactive updates are measured).
 */
export function noticeFor(
  shipment: Pick<ShipmentState, 'shipmentId' | 'status' | 'statusAt'>,
  options: { now: number; newsWindowMs: number; holdout: boolean },
): PlannedShipmentNotice | null {
  const kind = NOTICE_OF[shipment.status]
  if (!kind || options.now - shipment.statusAt > options.newsWindowMs) return null
  if (options.holdout && kind !== 'shipped') return null
  return { kind, shipmentId: shipment.shipmentId, idempotencyKey: noticeKey(shipment.shipmentId, kind) }
}

/** Pure: whether a shipment is in the holdout that gets only the shipped message (salted, stable). */
export function inShippingHoldout(salt: string, shipmentId: string, share: number): boolean {
  if (share <= 0) return false
  const hash = createHash('sha256').update(`shipping\u0000${salt}\u0000${shipmentId}`).digest()
  return hash.readUInt32BE(0) / 2 ** 32 < share
}

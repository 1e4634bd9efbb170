import type { HistoryProjection } from '../events/index.js'

/** The events whose properties the detectors read (detectors/*.ts); of the others only name and time. */
export const RADAR_PROJECTION: HistoryProjection = {
  propertiesOf: [
    'Product Added',
    'Product Removed',
    'Checkout Started',
    'Checkout Updated',
    'Order Completed',
    'Order Cancelled',
    'Order Refunded',
    'Return Requested',
    'Product Reviewed',
  ],
  // The radar runs among the reactions: its histories stop where their projector has read.
  projectedBy: 'reactions',
}

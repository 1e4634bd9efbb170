export {
  CARRIER_FORMATS,
  type CarrierFormat,
  normaliseStatus,
  type ShipmentUpdate,
  shipmentEventProperties,
  UpdateFormatError,
  updatesFrom,
} from './adapters.js'
export { shippingMigrations } from './migrations.js'
export { shippingProjection, UNKNOWN_ORDER } from './projection.js'
export { SHIPMENT_STATUSES, type ShipmentStatus } from './taxonomy.js'

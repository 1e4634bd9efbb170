export {
  CARRIER_FORMATS,
  type CarrierFormat,
  normaliseStatus,
  type ShipmentUpdate,
  shipmentEventProperties,
  UpdateFormatError,
  updatesFrom,
} from './adapters.js'
export { blocksFor, type CareSettings, careSettingsSchema } from './care.js'
export { shippingMigrations } from './migrations.js'
export { categoriesOf } from './notifier.js'
export { NOTICE_KINDS, type NoticeKind } from './plan.js'
export { shippingProjection, UNKNOWN_ORDER } from './projection.js'
export {
  createShipping,
  ORDER_CHANNELS,
  type OrderUpdatesChannel,
  type Shipping,
  type ShippingOverview,
  type TrackedOrder,
} from './service.js'
export { DEFAULT_SHIPPING_SETTINGS, type ShippingSettings } from './settings.js'
export { shippingTemplates } from './starters.js'
export { SHIPMENT_STATUSES, type ShipmentStatus } from './taxonomy.js'
export { WHERE_IS_MY_ORDER, type WismoFigure } from './wismo.js'
export { formatDay, formatDayRange } from './words.js'

/** The radar's detectors: one customer's state, stepped by their events and timers, and replayed. */
export {
  type CustomerRadarState,
  fireTimer,
  newCustomerState,
  stepCustomer,
} from './customer-state.js'
export {
  advanceTo,
  type CustomerRun,
  canFeedInOrder,
  detectCustomer,
  feedEvent,
  newCustomerRun,
  nextDueAt,
  replayRun,
} from './replay.js'
export {
  DEFAULT_RADAR_CONFIG,
  type DetectorKind,
  idOf,
  type RadarConfig,
  type Signal,
  type Step,
  type Timer,
} from './types.js'

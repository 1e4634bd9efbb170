export {
  createEventMonths,
  type EventMonths,
  type EventMonthsDeps,
  type EventMonthsRound,
  type EventMonthsWorkerOptions,
} from './event-months-service.js'
export {
  customerHistories,
  type HistoryProjection,
  lastEventAt,
  memberHistoriesBetween,
  memberIds,
} from './histories.js'
export { createIngestor, type IngestDeps } from './ingest.js'
export type { EventIngestor, IngestResult } from './ingestor.js'
export { leaseHolders } from './leases.js'
export { comparePositions, formatPosition, type LogPosition, parsePosition } from './log-position.js'
export {
  CANCEL_REASONS,
  type CancelReason,
  MAX_EVENT_BYTES,
  type MessageProblem,
  type RawMessage,
  REPAIRED_MARKER,
  type ReadMessage,
  readMessage,
  validateMessage,
} from './message.js'
export { eventsMigrations, PARTS, type ProjectorName } from './migrations.js'
export { type BatchOutcome, type PartitionLag, type ProjectorGroup, projectorLag } from './projector.js'
export {
  createProjector,
  type Projector,
  type ProjectorDeps,
  type ProjectorWorker,
  type WorkerOptions,
} from './projector-service.js'
export {
  countEvents,
  customerTimeline,
  type EventFilter,
  type EventPage,
  listEvents,
  listQuarantine,
} from './queries.js'
export type { RetainedMonth } from './retention.js'
export {
  anonymousCustomerId,
  type CustomerMerge,
  isAnonymousCustomer,
  type Projection,
  STORED_EVENT_COLUMNS,
  type StoredEvent,
  type StoredEventRow,
  storedEventFromRow,
} from './stored-event.js'
export { type ArrivedEvent, eventReadStart, eventsArrivedAfter, type TailPage } from './tail.js'
export { addWriteKey, isWriteKey, listWriteKeys, revokeWriteKey } from './write-keys.js'

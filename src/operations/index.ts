/**
 * Operating Reel: Prometheus metrics (`GET /metrics`) and the readiness probe (`GET /ready`). The modules
 * measured hand in their figures through the sources and hooks wired in src/app.ts; nothing here reads
 * another module's tables.
 */
export { createMetrics, type Metrics, type MetricsSources } from './metrics.js'
export { checkReadiness, type Readiness, type ReadinessSources } from './readiness.js'
export { DEFAULT_OPERATIONS_SETTINGS, type OperationsSettings } from './settings.js'

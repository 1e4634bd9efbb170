import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { ChannelOverview } from '../channels/index.js'
import type { IngestResult, PartitionLag } from '../events/index.js'

/** Where the gauges read at scrape time: nothing is polled between scrapes. */
export interface MetricsSources {
  engine: 'embedded' | 'postgres'
  /** Each projector's lag on each partition (the projector service's `lag`). */
  lag(): Promise<PartitionLag[]>
  /** The outbox's messages by channel and state (the channels module's `overview`). */
  outbox(): Promise<Pick<ChannelOverview, 'channel' | 'messages'>[]>
  /** The database pool: connections open, idle, queries waiting for one, and its size. */
  pool(): { total: number; idle: number; waiting: number; max: number }
}

/** One Reel's Prometheus metrics, in a registry of its own (several Reels in one process do not clash). */
export interface Metrics {
  readonly registry: Registry
  /** Counts what one tracking API request stored, found stored already, and set aside. */
  ingested(result: Pick<IngestResult, 'accepted' | 'duplicates' | 'quarantined'>): void
  /** A shop platform's webhook delivery and what became of it (stored, duplicate, quarantined, unauthorized…). */
  connectorDelivery(platform: string, outcome: string): void
  /** A campaign round (enrol, move on, settle deliveries) took `seconds`; `failed`: it threw. */
  campaignRound(seconds: number, failed: boolean): void
  /** The text a Prometheus server scrapes, with its content type. */
  scrape(): Promise<{ contentType: string; text: string }>
  close(): void
}

/** Rounds take milliseconds on a quiet shop and many seconds on a backlog; past a minute is a stall. */
const ROUND_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry()
  // Process CPU, memory, event loop lag, GC: what the host's own metrics cannot split by process.
  collectDefaultMetrics({ register: registry })
  const registers = [registry]

  const sourceErrors = new Counter({
    name: 'reel_metrics_source_errors_total',
    help: 'Scrapes in which a source of the gauges (the database) failed; those gauges are then left out',
    labelNames: ['source'] as const,
    registers,
  })
  /** Reads a source for a gauge; on failure the gauge is left empty rather than failing the scrape. */
  const guarded = async <T>(source: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read()
    } catch {
      sourceErrors.inc({ source })
      return undefined
    }
  }

  const accepted = new Counter({
    name: 'reel_events_accepted_total',
    help: 'Events the tracking API stored in the log',
    registers,
  })
  const duplicates = new Counter({
    name: 'reel_events_duplicates_total',
    help: 'Events the tracking API received again (same messageId) and did not store again',
    registers,
  })
  const quarantined = new Counter({
    name: 'reel_events_quarantined_total',
    help: 'Events the tracking API set aside in the quarantine (GET /api/v1/quarantine says why)',
    registers,
  })

  const deliveries = new Counter({
    name: 'reel_connector_deliveries_total',
    help: "Shop platforms' webhook deliveries (/v1/connectors/*) by platform and outcome; unauthorized: a bad signature",
    labelNames: ['platform', 'outcome'] as const,
    registers,
  })

  // Both lag gauges are collected in the same scrape: they share one query.
  let lagRead: Promise<PartitionLag[] | undefined> | undefined
  const lagOnce = () => {
    lagRead ??= guarded('projector_lag', sources.lag).finally(() => {
      lagRead = undefined
    })
    return lagRead
  }
  const lagGauge = (name: string, help: string, value: (lag: PartitionLag) => number) => {
    const gauge: Gauge<'projector' | 'partition'> = new Gauge({
      name,
      help,
      labelNames: ['projector', 'partition'] as const,
      registers,
      async collect() {
        const lag = await lagOnce()
        gauge.reset()
        for (const l of lag ?? []) gauge.set({ projector: l.projector, partition: String(l.part) }, value(l))
      },
    })
  }
  lagGauge(
    'reel_projector_lag_events',
    'Events in the log a projector has not projected yet',
    (l) => l.events,
  )
  lagGauge(
    'reel_projector_lag_seconds',
    'How long ago the oldest event a projector has not projected yet was received (0: caught up)',
    (l) => l.seconds,
  )

  const outbox: Gauge<'channel' | 'state'> = new Gauge({
    name: 'reel_outbox_messages',
    help: 'Messages in the outbox by channel and state (pending and failed wait to be sent; dead gave up)',
    labelNames: ['channel', 'state'] as const,
    registers,
    async collect() {
      const channels = await guarded('outbox', sources.outbox)
      outbox.reset()
      for (const { channel, messages } of channels ?? [])
        for (const [state, n] of Object.entries(messages)) outbox.set({ channel, state }, n)
    },
  })

  const rounds = new Histogram({
    name: 'reel_campaign_round_seconds',
    help: 'How long a campaign round took in this process (settle deliveries, enrol, move flows on)',
    labelNames: ['outcome'] as const,
    buckets: ROUND_BUCKETS,
    registers,
  })

  const poolGauge = (
    name: string,
    help: string,
    value: (pool: ReturnType<MetricsSources['pool']>) => number,
  ) => {
    const gauge: Gauge<'engine'> = new Gauge({
      name,
      help,
      labelNames: ['engine'] as const,
      registers,
      collect() {
        gauge.set({ engine: sources.engine }, value(sources.pool()))
      },
    })
  }
  // On the embedded engine the pool's connections share PGlite's one backend: waiting queries still show
  // a pool too small for the load, open connections do not show parallel work.
  poolGauge('reel_db_pool_connections', 'Database connections the pool has open', (p) => p.total)
  poolGauge('reel_db_pool_idle_connections', 'Open database connections not in use', (p) => p.idle)
  poolGauge('reel_db_pool_waiting_queries', 'Queries waiting for a database connection', (p) => p.waiting)
  poolGauge('reel_db_pool_max_connections', 'The pool size (REEL_DB_POOL_SIZE)', (p) => p.max)

  return {
    registry,
    ingested(result) {
      accepted.inc(result.accepted)
      duplicates.inc(result.duplicates)
      quarantined.inc(result.quarantined.length)
    },
    connectorDelivery(platform, outcome) {
      deliveries.inc({ platform, outcome })
    },
    campaignRound(seconds, failed) {
      rounds.observe({ outcome: failed ? 'failed' : 'ok' }, seconds)
    },
    async scrape() {
      return { contentType: registry.contentType, text: await registry.metrics() }
    },
    close() {
      registry.clear()
    },
  }
}

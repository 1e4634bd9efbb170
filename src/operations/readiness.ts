import type { PartitionLag } from '../events/index.js'
import type { OperationsSettings } from './settings.js'

/** What `/ready` answers: ready, or why not (in words an operator acts on, with no shop data). */
export type Readiness = { ready: true } | { ready: false; reason: string; cause?: unknown }

export interface ReadinessSources {
  /** Migrations this code has that the database has not applied (another process's older schema). */
  pendingMigrations(): Promise<string[]>
  /** Each projector's lag on each partition. */
  lag(): Promise<PartitionLag[]>
}

/**
 * Ready when the schema is this code's and every projector is within the configured lag on every
 * partition: an instance whose projections are far behind answers reads with stale figures, so a load
 * balancer should send them elsewhere. A database that does not answer is not ready either.
 */
export async function checkReadiness(
  sources: ReadinessSources,
  settings: Pick<OperationsSettings, 'readyMaxLagSeconds' | 'readyMaxLagEvents'>,
): Promise<Readiness> {
  let pending: string[]
  let lag: PartitionLag[]
  try {
    ;[pending, lag] = await Promise.all([sources.pendingMigrations(), sources.lag()])
  } catch (error) {
    // The error's text may name hosts and users: the caller logs `cause`, the probe only says what failed.
    return { ready: false, reason: 'the database does not answer', cause: error }
  }
  if (pending.length > 0)
    return {
      ready: false,
      reason: `${pending.length} migration(s) not applied yet, the first ${pending[0]}: restart Reel to apply them`,
    }
  const seconds = Math.max(0, ...lag.map((l) => l.seconds))
  if (seconds > settings.readyMaxLagSeconds)
    return {
      ready: false,
      reason: `the projectors are ${seconds.toFixed(1)} s behind the log, over REEL_READY_MAX_LAG_SECONDS (${settings.readyMaxLagSeconds})`,
    }
  const events = Math.max(0, ...lag.map((l) => l.events))
  if (settings.readyMaxLagEvents !== null && events > settings.readyMaxLagEvents)
    return {
      ready: false,
      reason: `a projector is ${events} events behind the log on a partition, over REEL_READY_MAX_LAG_EVENTS (${settings.readyMaxLagEvents})`,
    }
  return { ready: true }
}

import { type Reel, startReel } from '../app.js'
import type { Config } from '../config/index.js'
import { buildHttp } from '../http/server.js'
import { announceSecrets } from './secrets.js'

/** Why the server cannot listen, naming the setting to change. */
function listenError(error: unknown, config: Config): Error {
  const code = (error as NodeJS.ErrnoException).code
  const where = `port ${config.port} on ${config.host} (PORT=${config.port}, HOST=${config.host})`
  if (code === 'EADDRINUSE')
    return new Error(
      `${where} is already in use, by another Reel or another program: stop it, or set PORT to a free port, ` +
        `e.g. PORT=${config.port === 65535 ? 8081 : config.port + 1} reel serve`,
    )
  if (code === 'EACCES')
    return new Error(
      `not allowed to listen on ${where}: ports below 1024 need privileges; set PORT to 1024 or more`,
    )
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new Error(
      `cannot listen on ${where}: HOST is not an address of this machine; set HOST to 127.0.0.1, or 0.0.0.0 for every interface`,
    )
  return error instanceof Error ? error : new Error(String(error))
}

/** What a `reel serve` process runs: `all` is one process for everything (the embedded engine's only way). */
export const SERVE_ROLES = ['all', 'api', 'worker'] as const
export type ServeRole = (typeof SERVE_ROLES)[number]

/** The background work of a Reel: each stops after the round in flight. */
function startWorkers(
  reel: Reel,
  log: (error: unknown, what: string) => void,
  info: (details: object, what: string) => void,
): Array<{ stop(): Promise<void> }> {
  return [
    // The log's monthly partitions on PostgreSQL: the next months made ahead, months past
    // REEL_EVENT_RETENTION_MONTHS dropped once every projector has read them.
    reel.eventMonths.startWorker({
      onError: (error) => log(error, 'event partition upkeep failed; retrying'),
      onRound: (round) => {
        for (const partition of round.created) info({ partition }, 'event log: partition made ahead')
        for (const month of round.retention)
          info(
            { ...month, retentionMonths: reel.config.eventRetentionMonths },
            month.outcome === 'dropped'
              ? `event retention: dropped ${month.partition} (${month.events} events)`
              : `event retention: kept ${month.partition} for now (${month.reason})`,
          )
      },
    }),
    // The log's projections: profiles, orders and the rest, then redemptions, the radar and order notices;
    // each lane leases its share of the partitions, so lanes project side by side on PostgreSQL.
    ...Array.from({ length: reel.config.projectorLanes }, () =>
      reel.projector.startWorker({ onError: (error) => log(error, 'projection failed; retrying') }),
    ),
    // Timers of the radar (abandoned carts, browsing windows, dormancy) come due as time passes.
    reel.radar.startWorker((error) => log(error, 'radar timers failed; retrying')),
    // Claims run out, coupons expire, birthday coupons go out, the radar hears of coupons about to expire.
    reel.coupons.startWorker((error) => log(error, 'coupon maintenance failed; retrying')),
    reel.campaigns.startWorker((error) => log(error, 'campaign round failed; retrying')),
    // Expired unsubscribe and preference links, and sends older than the caps look back, are deleted hourly.
    reel.consent.startWorker((error) => log(error, 'consent pruning failed; retrying')),
    // Shop connectors' delivery records older than a week (past every platform's retries) are deleted hourly.
    reel.connectors.startWorker((error) => log(error, 'connector delivery pruning failed; retrying')),
    // Parcels late or silent for longer than their carrier's usual: their buyers hear of it first.
    reel.shipping.startWorker((error) => log(error, 'shipping delay watch failed; retrying')),
    // The predictions are refitted on the shop's orders once REEL_PREDICT_REFIT_HOURS old (and raise churn risks).
    reel.predictions.startWorker((error) => log(error, 'prediction refit failed; retrying')),
    // The outbox sends what campaigns and shipping queue; it stops last, after what queues into it.
    reel.channels.startWorker((error) => log(error, 'outbox delivery failed; retrying')),
  ]
}

/**
 * `reel serve`: the HTTP API and workers, until SIGINT/SIGTERM. On PostgreSQL the roles split them over
 * processes: `api` processes append to the log and read; `worker` processes lease the log's partitions
 * and claim timers, campaign rounds and the outbox (FOR UPDATE SKIP LOCKED), so any number of each can run.
 */
export async function serve(config: Config, role: ServeRole = 'all'): Promise<void> {
  if (role !== 'all' && !config.databaseUrl)
    throw new Error(
      `--role ${role} shares the work with other processes on one PostgreSQL: set REEL_DATABASE_URL ` +
        '(the embedded database runs in one process: reel serve --role all)',
    )
  const reel = await startReel(config, { role })
  // Before listening: a first start that cannot listen has created the secrets all the same.
  announceSecrets(reel.generated)
  const app = await buildHttp(reel)
  const log = (error: unknown, what: string) => app.log.error({ err: error }, what)
  let address = 'no port'
  if (role !== 'worker') {
    try {
      address = await app.listen({ port: config.port, host: config.host })
    } catch (error) {
      await app.close()
      await reel.close()
      throw listenError(error, config)
    }
    const listening = app.server.address()
    await reel.recordListening({
      host: config.host,
      port: typeof listening === 'object' && listening ? listening.port : config.port,
    })
  }
  const info = (details: object, what: string) => app.log.info(details, what)
  const workers = role === 'api' ? [] : startWorkers(reel, log, info)
  if (reel.database.engine === 'embedded' && reel.config.eventRetentionMonths !== null)
    app.log.warn(
      'REEL_EVENT_RETENTION_MONTHS applies on PostgreSQL only: the embedded database keeps every event',
    )
  // An active campaign whose messages cannot go from this server (resumed elsewhere, or a provider removed).
  for (const campaign of await reel.campaigns.list())
    for (const w of campaign.state === 'active' ? reel.campaigns.warnings(campaign) : [])
      app.log.warn({ campaignId: campaign.id, step: w.step }, `campaign ${campaign.name}: ${w.message}`)
  const engine = reel.database.engine === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'
  app.log.info(
    role === 'worker'
      ? `Reel worker is running (${engine})`
      : `Reel is listening on ${address} (${engine}${role === 'api' ? ', API only' : ''})`,
  )
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info(`${signal}: finishing requests in flight, then stopping`)
    await app.close()
    for (const worker of workers) await worker.stop()
    await reel.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

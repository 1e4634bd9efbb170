import { startReel } from '../app.js'
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

/** `reel serve`: the HTTP API and workers in one process, until SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const reel = await startReel(config)
  // Before listening: a first start that cannot listen has created the secrets all the same.
  announceSecrets(reel.generated)
  const app = await buildHttp(reel)
  let address: string
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
  // Timers of the radar (abandoned carts, browsing windows, dormancy) come due as time passes.
  const timers = reel.radar.startWorker((error) =>
    app.log.error({ err: error }, 'radar timers failed; retrying'),
  )
  // Claims run out, coupons expire, birthday coupons go out, the radar hears of coupons about to expire.
  const couponRounds = reel.coupons.startWorker((error) =>
    app.log.error({ err: error }, 'coupon maintenance failed; retrying'),
  )
  // The outbox sends what campaigns and shipping queue; campaigns enrol customers and move their flows on.
  const outbox = reel.channels.startWorker((error) =>
    app.log.error({ err: error }, 'outbox delivery failed; retrying'),
  )
  const campaignRounds = reel.campaigns.startWorker((error) =>
    app.log.error({ err: error }, 'campaign round failed; retrying'),
  )
  // Expired unsubscribe and preference links, and sends older than the caps look back, are deleted hourly.
  const consentPruning = reel.consent.startWorker((error) =>
    app.log.error({ err: error }, 'consent pruning failed; retrying'),
  )
  // Parcels late or silent for longer than their carrier's usual: their buyers hear of it first.
  const delayWatch = reel.shipping.startWorker((error) =>
    app.log.error({ err: error }, 'shipping delay watch failed; retrying'),
  )
  // The predictions are refitted on the shop's orders once REEL_PREDICT_REFIT_HOURS old (and raise churn risks).
  const refits = reel.predictions.startWorker((error) =>
    app.log.error({ err: error }, 'prediction refit failed; retrying'),
  )
  // An active campaign whose messages cannot go from this server (resumed elsewhere, or a provider removed).
  for (const campaign of await reel.campaigns.list())
    for (const w of campaign.state === 'active' ? reel.campaigns.warnings(campaign) : [])
      app.log.warn({ campaignId: campaign.id, step: w.step }, `campaign ${campaign.name}: ${w.message}`)
  const engine = reel.database.engine === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'
  app.log.info(`Reel is listening on ${address} (${engine})`)
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info(`${signal}: finishing requests in flight, then stopping`)
    await app.close()
    await timers.stop()
    await couponRounds.stop()
    await campaignRounds.stop()
    await consentPruning.stop()
    await delayWatch.stop()
    await refits.stop()
    await outbox.stop()
    await reel.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

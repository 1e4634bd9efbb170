import { startReel } from '../app.js'
import type { Config } from '../config/index.js'
import { buildHttp } from '../http/server.js'

/** `reel serve`: the HTTP API and workers in one process, until SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const reel = await startReel(config)
  const app = await buildHttp(reel)
  const address = await app.listen({ port: config.port, host: config.host })
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
  // An active campaign whose messages cannot go from this server (resumed elsewhere, or a provider removed).
  for (const campaign of await reel.campaigns.list())
    for (const w of campaign.state === 'active' ? reel.campaigns.warnings(campaign) : [])
      app.log.warn({ campaignId: campaign.id, step: w.step }, `campaign ${campaign.name}: ${w.message}`)
  const engine = reel.database.engine === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'
  app.log.info(`Reel is listening on ${address} (${engine})`)
  if (reel.generated.writeKey)
    process.stderr.write(`\nA write key was created for ingestion (shown once): ${reel.generated.writeKey}\n`)
  if (reel.generated.adminToken)
    process.stderr.write(`An admin API token was created (shown once): ${reel.generated.adminToken}\n\n`)
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
    await outbox.stop()
    await reel.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

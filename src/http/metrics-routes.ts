import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { ReelError } from '../errors/index.js'
import type { Metrics, Readiness } from '../operations/index.js'
import { sameSecret } from './admin-auth.js'
import { privateJsonHeaders } from './request-guards.js'

/** The bearer token of a request, if it sends one (the scheme is case-insensitive, RFC 9110). */
function bearerOf(request: FastifyRequest): string | undefined {
  const [scheme, token] = (request.headers.authorization ?? '').split(' ')
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined
}

/**
 * What operators and their machines read: `GET /metrics` (Prometheus text) behind the admin token or
 * REEL_METRICS_TOKEN, and `GET /ready` (the load balancer's probe), open like `/health` since it tells only
 * whether to send traffic here. `/health` says the process is alive; `/ready` that it is worth asking.
 */
export interface MetricsRoutesOptions {
  metrics: Pick<Metrics, 'scrape'>
  /** REEL_METRICS_TOKEN, which opens `/metrics` alone. */
  metricsToken: string | undefined
  /** The admin token, read at each call (it opens `/metrics` too). */
  currentAdminToken(): Promise<string | undefined>
  readiness(): Promise<Readiness>
}

export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, options) => {
  const { metrics, metricsToken, currentAdminToken, readiness: readinessOf } = options
  // Neither answer may be cached: each is true only at the moment it is given.
  app.addHook('onRequest', privateJsonHeaders)

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const token = bearerOf(request)
    // A scraper's token reads figures only; the admin token, which may do anything, is accepted too.
    const allowed =
      token !== undefined && (sameSecret(token, metricsToken) || sameSecret(token, await currentAdminToken()))
    if (!allowed)
      throw new ReelError(
        'REEL_ERR_UNAUTHORIZED',
        'Send the admin token or REEL_METRICS_TOKEN as "Authorization: Bearer <token>"',
      )
    const { contentType, text } = await metrics.scrape()
    return reply.type(contentType).send(text)
  })

  app.get('/ready', { schema: { hide: true } }, async (request, reply) => {
    const readiness = await readinessOf()
    if (readiness.ready) return { ready: true }
    if (readiness.cause !== undefined) request.log.warn({ err: readiness.cause }, 'not ready')
    return reply.code(503).send({ ready: false, reason: readiness.reason })
  })
}

import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Reel } from '../app.js'
import { ReelError } from '../errors/index.js'
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
export const metricsRoutes: FastifyPluginAsync<{ reel: Reel }> = async (app, { reel }) => {
  // Neither answer may be cached: each is true only at the moment it is given.
  app.addHook('onRequest', privateJsonHeaders)

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const token = bearerOf(request)
    // A scraper's token reads figures only; the admin token, which may do anything, is accepted too.
    const allowed =
      token !== undefined &&
      (sameSecret(token, reel.config.operations.metricsToken) ||
        sameSecret(token, await reel.currentAdminToken()))
    if (!allowed)
      throw new ReelError(
        'REEL_ERR_UNAUTHORIZED',
        'Send the admin token or REEL_METRICS_TOKEN as "Authorization: Bearer <token>"',
      )
    const { contentType, text } = await reel.metrics.scrape()
    return reply.type(contentType).send(text)
  })

  app.get('/ready', { schema: { hide: true } }, async (request, reply) => {
    const readiness = await reel.readiness()
    if (readiness.ready) return { ready: true }
    if (readiness.cause !== undefined) request.log.warn({ err: readiness.cause }, 'not ready')
    return reply.code(503).send({ ready: false, reason: readiness.reason })
  })
}

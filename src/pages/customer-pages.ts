import formbody from '@fastify/formbody'
import type { FastifyPluginAsync } from 'fastify'
import type { Reel } from '../app.js'
import { CouponError } from '../coupons/index.js'
import { boundQueries } from '../db/index.js'
import { displayNameOf } from '../profiles/index.js'
import { claimRoutes } from './claim-routes.js'
import { PAGE_HEADERS } from './headers.js'
import { stringsFor } from './locale.js'
import { localeOf, pageReader, sendHtml } from './page-reply.js'
import { renderMessage } from './render.js'
import { trackingRoutes } from './tracking-routes.js'
import { walletRoutes } from './wallet-routes.js'

/**
 * The customer's pages: the claim link `/g/:token`, the wallet `/w/:token` and the tracking page `/t/:token`. HTML forms only (no
 * scripts); errors answer as pages, not JSON; every reply carries the headers that keep the token in the
 * URL private. Form bodies are accepted here only, not by the JSON APIs.
 */
export const customerPages: FastifyPluginAsync<{ reel: Reel }> = async (app, { reel }) => {
  await app.register(formbody)
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(PAGE_HEADERS)
    return payload
  })
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const t = stringsFor(localeOf(request))
    if (error instanceof CouponError)
      return sendHtml(reply, 409, await renderMessage(t, t.errorTitle, t.refusal[error.code] ?? t.errorText))
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) request.log.error(error)
    return sendHtml(reply, status, await renderMessage(t, t.errorTitle, t.errorText))
  })
  await app.register(claimRoutes, { reel })
  await app.register(walletRoutes, {
    coupons: reel.coupons,
    profiles: boundQueries(reel.database.db, { displayNameOf }),
    readerOf: (request, customerId) => pageReader(reel, request, customerId),
    clock: reel.clock,
  })
  await app.register(trackingRoutes, { reel })
}

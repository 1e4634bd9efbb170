import swagger from '@fastify/swagger'
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'
import type { Reel } from '../app.js'
import { boundQueries } from '../db/index.js'
import { ERRORS, ReelError } from '../errors/index.js'
import { isWriteKey } from '../events/index.js'
import { adminApi } from './admin-api.js'
import { connectorRoutes } from './connector-routes.js'
import { consentRoutes } from './consent-routes.js'
import { customerRoutes } from './customer-routes.js'
import { clientCausedDatabaseError } from './database-errors.js'
import { errorBody } from './errors.js'
import { ingestionRoutes } from './ingestion-routes.js'
import { metricsRoutes } from './metrics-routes.js'
import { parseJsonBodies, refuseUnstorableInput } from './request-guards.js'
import { sessionRoutes } from './session-routes.js'
import { shippingWebhookRoutes } from './shipping-webhook-routes.js'
import { webApp } from './web-app.js'

/** Largest request body, after decompression. */
export const MAX_BODY_BYTES = 500 * 1024

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ReelError)
    return reply.code(error.status).send(errorBody(error.code, error.message, error.details))
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.flatMap((v) => {
      const field = [error.validationContext, ...v.instancePath.split('/')].filter(Boolean).join('.')
      const unknown = v.keyword === 'unrecognized_keys' ? (v.params.keys as string[]) : []
      if (unknown.length === 0) return [{ field, problem: v.message }]
      const problem = error.validationContext === 'querystring' ? 'unknown parameter' : 'unknown field'
      return unknown.map((key) => ({ field: `${field}.${key}`, problem }))
    })
    const first = details[0]
    return reply
      .code(400)
      .send(
        errorBody(
          'REEL_ERR_INVALID_REQUEST',
          first ? `${first.field}: ${first.problem}` : error.message,
          details,
        ),
      )
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return reply.code(413).send(errorBody('REEL_ERR_BODY_TOO_LARGE', ERRORS.REEL_ERR_BODY_TOO_LARGE.message))
  if (
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error instanceof SyntaxError ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  )
    return reply.code(400).send(errorBody('REEL_ERR_INVALID_JSON', `body: not valid JSON (${error.message})`))
  // A gzip body that does not inflate: zlib's errors carry codes such as Z_DATA_ERROR and Z_BUF_ERROR.
  if (error.code?.startsWith('Z_'))
    return reply.code(400).send(errorBody('REEL_ERR_BAD_ENCODING', `body: not valid gzip (${error.message})`))
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return reply
      .code(415)
      .send(
        errorBody(
          'REEL_ERR_UNSUPPORTED_MEDIA_TYPE',
          `headers.content-type: ${request.headers['content-type'] ?? ''} is not accepted here`,
        ),
      )
  if (error.statusCode && error.statusCode < 500)
    return reply.code(error.statusCode).send(errorBody('REEL_ERR_INVALID_REQUEST', error.message))
  const refused = clientCausedDatabaseError(error)
  if (refused) {
    reply.log.warn({ err: error }, 'the database refused a value the request validation let through')
    return reply
      .code(400)
      .send(
        errorBody('REEL_ERR_INVALID_REQUEST', `The request holds a value the database refuses: ${refused}`),
      )
  }
  reply.log.error(error)
  return reply.code(500).send(errorBody('REEL_ERR_INTERNAL', ERRORS.REEL_ERR_INTERNAL.message))
}

/**
 * Builds the HTTP application: ingestion under /v1, the admin API under /api/v1, the OpenAPI document, the
 * dashboard at /.
 */
export async function buildHttp(reel: Reel, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const http = reel.config.http
  const app = Fastify({
    logger: options.logger === false ? false : { level: reel.config.logLevel },
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: true,
    // A client that opens connections and sends nothing, or a body byte by byte, is cut off (DESIGN: the
    // write key is public, so it must not be enough to hold the server).
    connectionTimeout: http.idleTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    http: {
      headersTimeout: http.headersTimeoutMs,
      // Node checks those two deadlines on this interval (30 s by default), so they hold to about a quarter.
      connectionsCheckingInterval: Math.max(100, Math.min(http.headersTimeoutMs, http.requestTimeoutMs) / 4),
    },
    trustProxy: http.trustProxy,
    // A path that is not valid percent-encoded UTF-8 (`/api/v1/customers/%ED%A0%80`).
    frameworkErrors: (error, _request, reply: FastifyReply) =>
      reply.code(400).send(errorBody('REEL_ERR_INVALID_REQUEST', `url: ${error.message}`)),
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(handleError)
  parseJsonBodies(app)
  app.addHook('preValidation', refuseUnstorableInput)
  app.setNotFoundHandler((_req, reply) =>
    reply.code(404).send(errorBody('REEL_ERR_NOT_FOUND', 'No such route')),
  )
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Reel',
        version: '0.1.0',
        description: 'Retention engine: ingestion, the admin API and the customer wallet API',
      },
      components: {
        securitySchemes: {
          writeKey: {
            type: 'http',
            scheme: 'basic',
            description: 'The write key as the user name, no password',
          },
          adminToken: { type: 'http', scheme: 'bearer' },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'reel_session',
            description:
              'A dashboard session (POST /api/v1/session); calls that change something also need X-CSRF-Token',
          },
          shippingWebhookToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              "The carrier and help-desk webhooks' token (REEL_CARRIER_WEBHOOK_TOKEN, or GET /api/v1/shipping/webhook); also accepted as ?token=",
          },
          walletToken: {
            type: 'http',
            scheme: 'bearer',
            description: "A customer's wallet token (cwt_…), from POST /api/v1/customers/{id}/wallet-link",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  })
  const db = reel.database.db
  await app.register(ingestionRoutes, {
    prefix: '/v1',
    http: reel.config.http,
    maxInflightBatches: reel.config.maxInflightBatches,
    ...boundQueries(db, { isWriteKey }),
    ingestor: reel.ingestor,
    metrics: reel.metrics,
  })
  await app.register(shippingWebhookRoutes, {
    prefix: '/v1',
    webhooks: {
      webhookToken: reel.shipping.webhookToken,
      ...boundQueries(db, {
        carrierEvents: reel.shipping.carrierEvents,
        contactEvent: reel.shipping.contactEvent,
      }),
    },
    ingestor: reel.ingestor,
  })
  await app.register(connectorRoutes, { connectors: reel.connectors, metrics: reel.metrics, prefix: '/v1' })
  await app.register(adminApi(reel), { prefix: '/api/v1' })
  await app.register(sessionRoutes, {
    prefix: '/api/v1',
    users: reel.users,
    sessionMaxDays: reel.config.sessions.maxDays,
  })
  await app.register(customerRoutes, { reel })
  await app.register(consentRoutes, { consent: reel.consent })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true }))
  await app.register(metricsRoutes, {
    metrics: reel.metrics,
    metricsToken: reel.config.operations.metricsToken,
    currentAdminToken: reel.currentAdminToken,
    readiness: reel.readiness,
  })
  await app.register(webApp)
  return app
}

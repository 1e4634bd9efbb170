/**
 * What stands before the tracking API: which web pages may call it (CORS), the write key, a rate limit per
 * client address and per key, and the cap on batches being stored at once. The write key is public once it
 * is in a shop's pages, so none of these may be held by a client that merely opens connections.
 */
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config/index.js'
import { ReelError } from '../errors/index.js'
import { originMatcher } from './cors-origins.js'
import { writeKeyFromBody, writeKeyFromHeader } from './write-key.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The tracking call's accepted write key, once checked. */
    writeKey: string
  }
}

const MINUTE_MS = 60_000
/** Chromium caps a preflight's cache at two hours; longer is ignored. */
const PREFLIGHT_MAX_AGE_S = 7200

/** What the guards read: the HTTP limits, the cap on batches in flight and whether a write key is active. */
export interface IngestionGuardOptions {
  http: Pick<Config['http'], 'corsOrigins' | 'rateLimitPerIp' | 'rateLimitPerKey'>
  maxInflightBatches: number
  /** Whether the key is active right now (read at each request, so a revocation takes effect at once). */
  isWriteKey(key: string): Promise<boolean>
}

/** Adds the guards to the ingestion plugin's scope; its routes are under it. */
export async function guardIngestion(
  app: FastifyInstance,
  { http: settings, maxInflightBatches, isWriteKey }: IngestionGuardOptions,
): Promise<void> {
  const allowed = originMatcher(settings.corsOrigins)

  await app.register(cors, {
    // Reflects an allowed page's origin (never `*`), so pages that send cookies (`credentials: 'include'`,
    // beacons) are served too; the tracking API reads no cookie.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed(origin)),
    credentials: true,
    methods: ['POST'],
    // Segment's browser library adds X-Retry-Count to a retried call; refusing it would lose the retry.
    allowedHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'X-Retry-Count'],
    // A page reads Retry-After from a 429 only if it is exposed to it.
    exposedHeaders: ['Retry-After'],
    maxAge: PREFLIGHT_MAX_AGE_S,
  })
  await app.register(rateLimit, { global: false })
  const perAddress =
    settings.rateLimitPerIp > 0
      ? app.createRateLimit({ max: settings.rateLimitPerIp, timeWindow: MINUTE_MS })
      : undefined
  const perKey =
    settings.rateLimitPerKey > 0
      ? app.createRateLimit({
          max: settings.rateLimitPerKey,
          timeWindow: MINUTE_MS,
          keyGenerator: (request) => request.writeKey,
        })
      : undefined

  async function limit(
    limiter: typeof perKey,
    request: FastifyRequest,
    reply: FastifyReply,
    who: string,
  ): Promise<void> {
    const state = await limiter?.(request)
    if (!state || state.isAllowed || !state.isExceeded) return
    const seconds = Math.max(1, state.ttlInSeconds)
    reply.header('Retry-After', String(seconds))
    throw new ReelError(
      'REEL_ERR_RATE_LIMITED',
      `More than ${state.max} requests a minute ${who}; retry in ${seconds} s`,
    )
  }

  /** Accepts a key that is active right now: a revoked key is refused from the next request on. */
  async function admit(key: string | null, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (key === null || !(await isWriteKey(key)))
      throw new ReelError('REEL_ERR_UNAUTHORIZED', 'Unknown write key')
    request.writeKey = key
    await limit(perKey, request, reply, 'with this write key')
  }

  app.decorateRequest('writeKey', '')

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin
    // A page not allowed is refused outright: CORS alone would let its plain-text posts through unread.
    if (origin !== undefined && !allowed(origin))
      throw new ReelError('REEL_ERR_ORIGIN_NOT_ALLOWED', `Origin ${origin} is not in REEL_CORS_ORIGINS`)
    if (request.method === 'OPTIONS') return // a preflight of no allowed origin: not found
    await limit(perAddress, request, reply, 'from this address')
    const header = request.headers.authorization?.trim()
    if (header) await admit(writeKeyFromHeader(header), request, reply)
  })

  app.addHook('preValidation', async (request, reply) => {
    if (request.writeKey) return
    const key = writeKeyFromBody(request.body)
    if (key === null)
      throw new ReelError(
        'REEL_ERR_UNAUTHORIZED',
        'Send the write key as the HTTP Basic user name, or as "writeKey" in the body',
      )
    await admit(key, request, reply)
  })

  // Counted once the body is in: a client that sends headers and then nothing holds no slot.
  let inflight = 0
  app.addHook('preHandler', async (_request, reply) => {
    if (inflight >= maxInflightBatches) {
      reply.header('Retry-After', '1')
      throw new ReelError('REEL_ERR_OVERLOADED')
    }
    inflight++
    reply.raw.once('close', () => inflight--)
  })
}

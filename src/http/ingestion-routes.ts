import { createGunzip } from 'node:zlib'
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Reel } from '../app.js'
import { isWriteKey, type RawMessage } from '../events/index.js'
import { ReelHttpError } from './errors.js'

const KEY_CACHE_MS = 10_000

const ingestResponse = z.object({
  success: z.literal(true),
  accepted: z.number().describe('events stored by this request'),
  duplicates: z.number().describe('events stored before (same messageId), not stored again'),
  quarantined: z
    .array(z.object({ index: z.number(), field: z.string(), problem: z.string() }))
    .describe('events set aside in the quarantine, by index in the request'),
  repaired: z
    .array(z.object({ index: z.number(), field: z.string(), problem: z.string() }))
    .describe('fields whose NUL or lone surrogate became U+FFFD; see context.reelRepaired'),
})

const batchBody = z.looseObject({
  batch: z.array(z.unknown(), { error: 'a "batch" array of messages is required' }),
  context: z.record(z.string(), z.unknown()).optional(),
})
const messageBody = z.record(z.string(), z.unknown(), { error: 'the body must be a JSON object' })

const SINGLE_TYPES = ['track', 'identify', 'page', 'screen', 'alias', 'group'] as const

function writeKeyFrom(header: string | undefined): string | undefined {
  if (!header?.startsWith('Basic ')) return undefined
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const user = decoded.split(':')[0]
  return user || undefined
}

/** Segment-compatible tracking API: `/v1/batch` and the single calls, behind a write key. */
export const ingestionRoutes: FastifyPluginAsync<{ reel: Reel }> = async (app, { reel }) => {
  const db = reel.database.db
  const knownKeys = new Map<string, number>()
  let inflight = 0

  app.addHook('onRequest', async (request, reply) => {
    const key = writeKeyFrom(request.headers.authorization)
    if (!key)
      throw new ReelHttpError('REEL_ERR_UNAUTHORIZED', 'Send the write key as the HTTP Basic user name')
    const cachedUntil = knownKeys.get(key)
    if (!cachedUntil || cachedUntil < Date.now()) {
      if (!(await isWriteKey(db, key))) throw new ReelHttpError('REEL_ERR_UNAUTHORIZED', 'Unknown write key')
      knownKeys.set(key, Date.now() + KEY_CACHE_MS)
    }
    if (inflight >= reel.config.maxInflightBatches) {
      reply.header('Retry-After', '1')
      throw new ReelHttpError('REEL_ERR_OVERLOADED')
    }
    inflight++
    reply.raw.once('close', () => inflight--)
  })

  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding']?.toLowerCase()
    if (!encoding || encoding === 'identity') return payload
    if (encoding !== 'gzip') throw new ReelHttpError('REEL_ERR_UNSUPPORTED_ENCODING')
    // Fastify compares Content-Length with the bytes received, not with the inflated size.
    const gunzip = Object.assign(createGunzip(), { receivedEncodedLength: 0 })
    payload.on('data', (chunk: Buffer) => {
      gunzip.receivedEncodedLength += chunk.length
    })
    payload.pipe(gunzip)
    return gunzip
  })

  // @rudderstack/rudder-sdk-node posts its gzipped JSON as application/x-www-form-urlencoded
  // (axios' default for a Buffer); the tracking API only speaks JSON, so read it as JSON.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  )

  const typed = app.withTypeProvider<ZodTypeProvider>()
  const security = [{ writeKey: [] }]

  typed.post(
    '/v1/batch',
    {
      schema: {
        description: 'Stores a batch of Segment messages; 200 only once they are committed.',
        tags: ['ingestion'],
        security,
        body: batchBody,
        response: { 200: ingestResponse },
      },
    },
    async (request) => {
      const { batch, context } = request.body
      const messages = context
        ? batch.map((m) =>
            typeof m === 'object' && m !== null
              ? { ...(m as RawMessage), context: { ...context, ...((m as RawMessage).context as object) } }
              : m,
          )
        : batch
      const result = await reel.ingestor.ingest(messages as RawMessage[])
      return { success: true as const, ...result }
    },
  )

  for (const type of SINGLE_TYPES) {
    typed.post(
      `/v1/${type}`,
      {
        schema: {
          description: `Stores one ${type} message.`,
          tags: ['ingestion'],
          security,
          body: messageBody,
          response: { 200: ingestResponse },
        },
      },
      async (request) => {
        const result = await reel.ingestor.ingest([{ ...request.body, type }])
        return { success: true as const, ...result }
      },
    )
  }
}

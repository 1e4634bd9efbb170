import { createGunzip } from 'node:zlib'
import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ReelError } from '../errors/index.js'
import type { EventIngestor, RawMessage } from '../events/index.js'
import type { Metrics } from '../operations/index.js'
import { guardIngestion, type IngestionGuardOptions } from './ingestion-guard.js'

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
  position: z
    .string()
    .nullable()
    .describe(
      'where the stored events end in the log: pass it as ?after= to the admin API to read them projected',
    ),
})

const batchBody = z.looseObject({
  batch: z.array(z.unknown(), { error: 'a "batch" array of messages is required' }),
  context: z.record(z.string(), z.unknown()).optional(),
})
const messageBody = z.record(z.string(), z.unknown(), { error: 'the body must be a JSON object' })

/**
 * Each call by its Segment name and by the one-letter path of `@segment/analytics-next` (the first letter
 * of the type; `b` for a batch), which Segment's own API also answers.
 */
const SINGLE_TYPES = ['track', 'identify', 'page', 'screen', 'alias', 'group'] as const
const pathsOf = (name: string) => [`/${name}`, `/${name[0]}`]

/** A message as stored: the write key it may carry is a credential, not part of the event. */
function withoutWriteKey(message: unknown): unknown {
  if (typeof message !== 'object' || message === null || !('writeKey' in message)) return message
  const { writeKey: _, ...rest } = message
  return rest
}

/** The tracking API's services: its guards' settings, the log it appends to and the metrics it counts in. */
export interface IngestionRoutesOptions extends IngestionGuardOptions {
  ingestor: Pick<EventIngestor, 'ingest'>
  metrics: Pick<Metrics, 'ingested'>
}

/**
 * Segment-compatible tracking API, registered under `/v1`: `/batch` and the single calls, behind a write
 * key, callable from the shop's web pages.
 */
export const ingestionRoutes: FastifyPluginAsync<IngestionRoutesOptions> = async (app, options) => {
  const { ingestor, metrics } = options
  await guardIngestion(app, options)

  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding']?.toLowerCase()
    if (!encoding || encoding === 'identity') return payload
    if (encoding !== 'gzip') throw new ReelError('REEL_ERR_UNSUPPORTED_ENCODING')
    // Fastify compares Content-Length with the bytes received, not with the inflated size.
    const gunzip = Object.assign(createGunzip(), { receivedEncodedLength: 0 })
    payload.on('data', (chunk: Buffer) => {
      gunzip.receivedEncodedLength += chunk.length
    })
    // Fastify's body reader reports a body that does not inflate (400); a request answered before its body
    // is read (an unsupported content type, say) still inflates what arrives, with nobody listening.
    gunzip.on('error', () => {})
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

  // Browsers post JSON as text/plain: it spares them a preflight, and older analytics.js sends nothing else.
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))

  const typed = app.withTypeProvider<ZodTypeProvider>()
  const security = [{ writeKey: [] }]

  for (const [index, path] of pathsOf('batch').entries())
    typed.post(
      path,
      {
        schema: {
          description:
            'Stores a batch of Segment messages; 200 once they are committed to the log (projected right after). Also at /v1/b.',
          hide: index > 0,
          tags: ['ingestion'],
          security,
          body: batchBody,
          response: { 200: ingestResponse },
        },
      },
      async (request) => {
        const { batch, context } = request.body
        const messages = batch.map((raw) => {
          const m = withoutWriteKey(raw)
          return context && typeof m === 'object' && m !== null
            ? { ...(m as RawMessage), context: { ...context, ...((m as RawMessage).context as object) } }
            : m
        })
        // The answer waits for the log only: the projectors follow (see ?after= on the admin API).
        const result = await ingestor.ingest(messages as RawMessage[], { settle: false })
        metrics.ingested(result)
        return { success: true as const, ...result }
      },
    )

  for (const type of SINGLE_TYPES)
    for (const [index, path] of pathsOf(type).entries())
      typed.post(
        path,
        {
          schema: {
            description: `Stores one ${type} message. Also at /v1/${type[0]}.`,
            hide: index > 0,
            tags: ['ingestion'],
            security,
            body: messageBody,
            response: { 200: ingestResponse },
          },
        },
        async (request) => {
          const result = await ingestor.ingest([{ ...(withoutWriteKey(request.body) as RawMessage), type }], {
            settle: false,
          })
          metrics.ingested(result)
          return { success: true as const, ...result }
        },
      )
}

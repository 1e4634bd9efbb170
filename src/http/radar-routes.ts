import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ReelError } from '../errors/index.js'
import { decodeCursor, RADAR_KINDS, type Radar, SIGNAL_STATES } from '../radar/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const time = z.iso.datetime({ offset: true }).describe('ISO 8601 time, e.g. 2026-11-01T00:00:00Z')
const money = z.object({ currency: z.string().nullable(), amount: z.number() })

export const signalSchema = z.object({
  id: z.number(),
  kind: z.enum(RADAR_KINDS),
  customerId: z.string(),
  key: z
    .string()
    .describe('what tells occurrences apart: order, cart or review id, or the time an episode began'),
  at: z.string().describe('when the rule became true'),
  evidence: z.array(z.string()).describe('message ids of the events that raised it'),
  valueAtStake: z.number(),
  currency: z.string().nullable(),
  state: z.enum(SIGNAL_STATES),
  contactedAt: z.string().nullable(),
  wonAt: z.string().nullable(),
  wonByOrder: z.string().nullable(),
  detectedAt: z.string(),
})

/** The radar's signals and summary (registered inside the admin API, behind its token). */
export interface RadarRoutesOptions {
  radar: Pick<Radar, 'listSignals' | 'summary' | 'settings'>
  clock: () => Date
}

export const radarRoutes: FastifyPluginAsync<RadarRoutesOptions> = async (app, { radar, clock }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const security = ADMIN_SECURITY

  typed.get(
    '/signals',
    {
      schema: {
        description:
          'Missed customers the radar found, newest first. States are as of `asOf` (default now). Pass `next` as `cursor` for the following page.',
        tags: ['radar'],
        security,
        querystring: z.strictObject({
          kind: z.enum(RADAR_KINDS).optional(),
          state: z.enum(SIGNAL_STATES).optional(),
          customer: z.string().min(1).optional(),
          since: time.optional().describe('raised at or after'),
          until: time.optional().describe('raised before'),
          asOf: time.optional(),
          cursor: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ signals: z.array(signalSchema), next: z.string().nullable() }) },
      },
    },
    async ({ query }) => {
      if (query.cursor && typeof decodeCursor(query.cursor) === 'string')
        throw new ReelError('REEL_ERR_INVALID_REQUEST', 'querystring.cursor: not a cursor this API gave')
      return radar.listSignals({
        kind: query.kind,
        state: query.state,
        customerId: query.customer,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
        asOf: query.asOf ? new Date(query.asOf) : undefined,
        cursor: query.cursor,
        limit: query.limit,
      })
    },
  )

  typed.get(
    '/radar/summary',
    {
      schema: {
        description:
          'Per kind: open signals, value at stake, won-back rate (won back ÷ won back + lapsed) and the weekly trend.',
        tags: ['radar'],
        security,
        querystring: z.strictObject({
          asOf: time.optional(),
          weeks: z.coerce.number().int().min(1).max(104).default(12),
        }),
        response: {
          200: z.object({
            asOf: z.string(),
            wonBackDays: z.number(),
            kinds: z.array(
              z.object({
                kind: z.enum(RADAR_KINDS),
                open: z.number(),
                contacted: z.number(),
                wonBack: z.number(),
                lapsed: z.number(),
                valueAtStake: z.array(money),
                wonBackRate: z.number().nullable(),
                trend: z.array(
                  z.object({
                    week: z.string(),
                    raised: z.number(),
                    wonBack: z.number(),
                    valueAtStake: z.array(money),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async ({ query }) => {
      const asOf = query.asOf ? new Date(query.asOf) : clock()
      const kinds = await radar.summary({ asOf, weeks: query.weeks })
      return { asOf: asOf.toISOString(), wonBackDays: radar.settings.wonBackDays, kinds }
    },
  )
}

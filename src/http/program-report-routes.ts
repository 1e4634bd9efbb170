import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Campaigns } from '../campaigns/index.js'
import { pickLocale } from '../pages/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'
import { analysisSchema, verdictSchema } from './campaign-report-schemas.js'

const DAY_MS = 86_400_000

const programReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  currency: z.string().nullable(),
  globalHoldout: z
    .number()
    .describe('REEL_GLOBAL_HOLDOUT: the share of members no marketing campaign reaches'),
  members: z.object({ treatment: z.number(), holdout: z.number() }),
  heldBack: z
    .object({ members: z.number(), entries: z.number() })
    .describe('held-out members a marketing campaign would have let in during the period, and how often'),
  overall: z.object({ key: z.string(), analysis: analysisSchema, verdict: verdictSchema }),
})

const querystring = z
  .strictObject({
    from: z.iso.datetime({ offset: true }).optional().describe('default: 30 days before `to`'),
    to: z.iso.datetime({ offset: true }).optional().describe('default: now'),
    locale: z
      .enum(['en', 'ko'])
      .optional()
      .describe("the verdict's language; else Accept-Language, else English"),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  })

/** The programme's report against the shop-wide holdout (inside the admin API, behind its token). */
export const programReportRoutes: FastifyPluginAsync<{ campaigns: Campaigns; clock: () => Date }> = async (
  app,
  { campaigns, clock },
) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/report/program',
    {
      schema: {
        description:
          "What all marketing campaigns together added over a period: every member's orders, revenue, campaign discounts and message costs, members outside the shop-wide holdout (REEL_GLOBAL_HOLDOUT) against those in it, with the same figures, intervals and verdict as a campaign's report. With no shop-wide holdout the holdout is empty: not enough data.",
        tags: ['campaigns'],
        security: ADMIN_SECURITY,
        querystring,
        response: { 200: programReportSchema },
      },
    },
    async ({ query, headers }) => {
      const to = query.to ? new Date(query.to) : clock()
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS)
      return campaigns.programReport({ from, to }, query.locale ?? pickLocale(headers['accept-language']))
    },
  )
}

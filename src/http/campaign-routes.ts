import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  audienceTargeting,
  CAMPAIGN_STATES,
  type CampaignInput,
  type Campaigns,
  campaignInputSchema,
} from '../campaigns/index.js'
import { ReelError } from '../errors/index.js'
import { pickLocale } from '../pages/index.js'
import { DEFAULT_LEARNER, LEARNER_NAMES } from '../uplift/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'
import { campaignReportSchema, campaignsReportSchema, reportQuerystring } from './campaign-report-schemas.js'

const campaignSchema = campaignInputSchema.extend({
  id: z.string(),
  state: z.enum(CAMPAIGN_STATES),
  starterKey: z.string().nullable(),
  activeSince: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})

const summarySchema = campaignSchema.extend({
  enrolled: z.object({ treatment: z.number(), holdout: z.number() }),
  exposures: z
    .record(z.string(), z.number())
    .describe(
      'by outcome: queued (in the outbox, not delivered yet), sent (delivered), failed (to be retried), dead, holdout, skipped:<reason>',
    ),
})

const exposureSchema = z.object({
  campaignId: z.string(),
  customerId: z.string(),
  arm: z.string(),
  step: z.number(),
  at: z.string(),
  outcome: z.string(),
  reason: z.string().nullable(),
  channel: z.string().nullable(),
  messageKey: z.string().nullable(),
})

const armResultSchema = z.object({
  entered: z.number(),
  exposed: z.number(),
  converted: z.number(),
  conversionRate: z.number().nullable(),
  orders: z.number(),
  revenue: z.array(z.object({ currency: z.string().nullable(), amount: z.number() })),
})

const resultsSchema = z.object({
  campaignId: z.string(),
  goalDays: z.number(),
  asOf: z.string(),
  treatment: armResultSchema,
  holdout: armResultSchema,
  windowsOpen: z.number().describe('exposures whose goal window is still open: their figures may still grow'),
})

const warningSchema = z.object({
  step: z.number().describe('the send step, counted from 1'),
  channel: z.string(),
  message: z.string(),
})

const params = z.object({ id: z.string().min(1) })

const upliftModelSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  learner: z.string(),
  featureNames: z.array(z.string()),
  rows: z.number().describe('exposed customers it was trained on'),
  scoreQuantiles: z
    .array(z.number())
    .describe("its predicted uplift's quantiles (0, 1%, …, 100%) on them: a top share's threshold"),
  createdAt: z.string(),
})

/** Campaigns (registered inside the admin API, behind its token). */
export const campaignRoutes: FastifyPluginAsync<{ campaigns: Campaigns }> = async (app, { campaigns }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const security = ADMIN_SECURITY
  const tags = ['campaigns']
  const found = <T>(value: T | undefined, id: string): T => {
    if (value === undefined)
      throw new ReelError('REEL_ERR_NOT_FOUND', `No campaign ${id} (or it is archived)`)
    return value
  }
  /** A campaign aimed by an uplift model must name a stored one. */
  const checkTargeting = async (input: CampaignInput) => {
    const targeting = audienceTargeting(input.audience)
    if (targeting && !(await campaigns.upliftModel(targeting.upliftModel)))
      throw new ReelError(
        'REEL_ERR_INVALID_REQUEST',
        `body.audience.upliftModel: no model ${targeting.upliftModel}`,
        [
          {
            field: 'body.audience.upliftModel',
            problem: 'no stored uplift model has this id',
          },
        ],
      )
  }

  typed.get(
    '/campaigns',
    {
      schema: {
        description: 'Every campaign with how many entered each arm and its exposures by outcome.',
        tags,
        security,
        response: { 200: z.object({ campaigns: z.array(summarySchema) }) },
      },
    },
    async () => ({ campaigns: await campaigns.list() }),
  )

  typed.post(
    '/campaigns',
    {
      schema: {
        description:
          'A campaign: a trigger (a radar signal kind; a track event, optionally with rules on its properties; or a segment of members, a set of rules over profile fields checked every `everyHours`), an audience, steps (wait, condition, send), a holdout share (default 10%), a goal (an order within `goalDays`), caps and the quiet-hours policy. Created paused.',
        tags,
        security,
        body: campaignInputSchema,
        response: { 201: campaignSchema },
      },
    },
    async ({ body }, reply) => {
      await checkTargeting(body)
      return reply.code(201).send(await campaigns.create(body))
    },
  )

  typed.get(
    '/campaigns/report',
    {
      schema: {
        description:
          "Every campaign's overall figures and verdict (as in its own report), with their totals and the totals per trigger kind: incremental orders, revenue and profit added up over the campaigns (fixed-horizon intervals), discount, message cost and the discount paid to customers who would have ordered anyway.",
        tags,
        security,
        querystring: reportQuerystring,
        response: { 200: campaignsReportSchema },
      },
    },
    async ({ query, headers }) => campaigns.reportAll(query.locale ?? pickLocale(headers['accept-language'])),
  )

  typed.get(
    '/campaigns/:id',
    { schema: { tags, security, params, response: { 200: campaignSchema } } },
    async ({ params }) => found(await campaigns.get(params.id), params.id),
  )

  typed.put(
    '/campaigns/:id',
    {
      schema: {
        description: "Replaces the campaign's definition; customers keep their arm.",
        tags,
        security,
        params,
        body: campaignInputSchema,
        response: { 200: campaignSchema },
      },
    },
    async ({ params, body }) => {
      await checkTargeting(body)
      return found(await campaigns.update(params.id, body), params.id)
    },
  )

  for (const [action, state] of [
    ['resume', 'active'],
    ['pause', 'paused'],
    ['archive', 'archived'],
  ] as const) {
    typed.post(
      `/campaigns/:id/${action}`,
      {
        schema: {
          description:
            action === 'resume'
              ? 'Starts (or restarts) the campaign: it acts on signals and events from now, back as far as its trigger allows (`maxAgeHours`); a segment is checked at once. `warnings` names each send step whose channel has no provider configured (also written to the server log): its messages wait in the outbox until one is.'
              : action === 'pause'
                ? 'Stops sending; customers in a flow wait where they are.'
                : 'Ends the campaign for good.',
          tags,
          security,
          params,
          response: {
            200: campaignSchema.extend({
              warnings: z
                .array(warningSchema)
                .describe(
                  'what keeps the campaign from reaching customers, e.g. a send step on a channel with no provider (its messages wait in the outbox)',
                ),
            }),
          },
        },
      },
      async ({ params }) => {
        const campaign = found(await campaigns.setState(params.id, state), params.id)
        const warnings = state === 'active' ? campaigns.warnings(campaign) : []
        // The server's log, besides the answer: whoever reads the log sees why nothing goes out.
        for (const w of warnings)
          app.log.warn({ campaignId: campaign.id, step: w.step }, `campaign ${campaign.name}: ${w.message}`)
        return { ...campaign, warnings }
      },
    )
  }

  typed.get(
    '/campaigns/:id/exposures',
    {
      schema: {
        description:
          'Who was exposed when, newest first: `queued` (the message is in the outbox: it waits for its turn, or for a provider of its channel), `sent` (delivered to the provider), `failed` (to be retried) or `dead` with the last error as the reason, `holdout` (recorded when they would have got the message) or `skipped` with the reason (no_consent, unsubscribed, no_address, frequency_cap, quiet_hours, no_template). A queued exposure follows its message within a campaign round (`REEL_CAMPAIGNS_TICK_MS`).',
        tags,
        security,
        params,
        querystring: z.strictObject({
          customer: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ exposures: z.array(exposureSchema) }) },
      },
    },
    async ({ params, query }) => ({
      exposures: await campaigns.exposures({
        campaignId: params.id,
        customerId: query.customer,
        limit: query.limit,
      }),
    }),
  )

  typed.get(
    '/campaigns/:id/results',
    {
      schema: {
        description:
          'Each arm against the goal, an order within `goalDays` of the first exposure (the holdout is measured from the moment it would have got the message): entered, exposed, converted, conversion rate, orders and their value now (less refunds) per currency.',
        tags,
        security,
        params,
        response: { 200: resultsSchema },
      },
    },
    async ({ params }) => {
      const results = await campaigns.results(params.id)
      if (!results) throw new ReelError('REEL_ERR_NOT_FOUND', `No campaign ${params.id}`)
      return results
    },
  )

  typed.get(
    '/campaigns/:id/report',
    {
      schema: {
        description:
          "What the campaign did, against its holdout: conversion, orders and revenue per exposed customer with the lift's intervals (always-valid by default, the fixed-horizon ones beside them), revenue adjusted for the 90 days before exposure (CUPED), a check of the split (sample ratio mismatch), money (incremental orders, revenue and profit after discounts and messages, and the discount paid to customers who would have ordered anyway); the same by trigger, buyer segment and spend band; the path day by day; and a verdict in words (`?locale=ko` or Accept-Language: English or Korean). A campaign with too few exposures answers with its counts and `not_enough_data`.",
        tags,
        security,
        params,
        querystring: reportQuerystring,
        response: { 200: campaignReportSchema },
      },
    },
    async ({ params, query, headers }) => {
      const locale = query.locale ?? pickLocale(headers['accept-language'])
      return found(await campaigns.report(params.id, locale), params.id)
    },
  )

  typed.post(
    '/campaigns/:id/uplift-models',
    {
      schema: {
        description:
          "Trains an uplift model on the campaign's exposed customers (features from their order history at exposure: recency, frequency, spend, tenure, the last 90 days), their arm and whether they ordered within the goal window, and stores it. A later campaign targets with it: `audience: {rules, upliftModel, topShare}` takes the candidates whose predicted uplift is in the top share (by the quantiles of its training scores), before the arms are drawn, so its report stays unbiased. Best trained once the campaign's goal windows have closed.",
        tags,
        security,
        params,
        body: z.strictObject({
          learner: z
            .enum(LEARNER_NAMES as [string, ...string[]])
            .optional()
            .describe(`default ${DEFAULT_LEARNER}`),
          seed: z
            .number()
            .int()
            .min(0)
            .max(2 ** 31)
            .default(0),
        }),
        response: { 201: upliftModelSchema },
      },
    },
    async ({ params, body }, reply) => {
      let model: Awaited<ReturnType<Campaigns['trainUpliftModel']>>
      try {
        model = await campaigns.trainUpliftModel(params.id, body)
      } catch (error) {
        if (!(error instanceof RangeError)) throw error
        throw new ReelError(
          'REEL_ERR_CAMPAIGN_CANNOT_TRAIN',
          `cannot train on campaign ${params.id}: ${error.message}`,
        )
      }
      return reply.code(201).send(found(model, params.id))
    },
  )

  typed.get(
    '/uplift-models',
    {
      schema: {
        description: 'The stored uplift models, newest first.',
        tags,
        security,
        response: { 200: z.object({ models: z.array(upliftModelSchema) }) },
      },
    },
    async () => ({ models: await campaigns.upliftModels() }),
  )
}

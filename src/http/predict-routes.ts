import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FitRecord, Predictions } from '../predict/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const holdoutCheck = z.object({
  customers: z.number(),
  actual: z.number(),
  predicted: z.number(),
  maePerCustomer: z.number(),
  naivePredicted: z.number(),
  naiveMae: z.number(),
  orderValue: z.object({ predicted: z.number(), actual: z.number() }).nullable(),
  pAliveDeciles: z.array(
    z.object({
      decile: z.number(),
      customers: z.number(),
      meanPAlive: z.number(),
      predictedShareBuying: z.number(),
      actualShareBuying: z.number(),
    }),
  ),
  byFrequency: z.array(
    z.object({ frequency: z.string(), customers: z.number(), predicted: z.number(), actual: z.number() }),
  ),
})

const fit = z
  .object({
    id: z.number(),
    fittedAt: z.string(),
    status: z.enum(['ok', 'refused', 'not_converged']),
    reason: z.string().nullable().describe('why there are no predictions from this fit'),
    customers: z.number(),
    repeatBuyers: z.number(),
    currency: z.string().nullable(),
    model: z
      .object({
        bgnbd: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }),
        gammaGamma: z.object({ p: z.number(), q: z.number(), gamma: z.number() }).nullable(),
        logLikelihood: z.number(),
        unitDays: z.literal(1),
      })
      .nullable()
      .describe('BG/NBD (alpha per day) and Gamma-Gamma parameters'),
    quality: z
      .discriminatedUnion('status', [
        z.object({
          status: z.literal('ok'),
          holdoutDays: z.number(),
          calibrationEnd: z.string(),
          check: holdoutCheck,
        }),
        z.object({ status: z.literal('refused'), reason: z.string() }),
      ])
      .nullable()
      .describe("the same fit on the history before the shop's last months, checked against them"),
  })
  .nullable()

/** A customer's prediction on GET /customers/:id. */
export const customerPredictionSchema = z.object({
  customerId: z.string(),
  fitId: z.number(),
  fittedAt: z.string(),
  pAlive: z.number().describe('probability the customer is still active (BG/NBD)'),
  expectedOrders30d: z.number(),
  expectedOrders90d: z.number(),
  expectedOrders365d: z.number(),
  expectedOrderValue: z
    .number()
    .nullable()
    .describe('Gamma-Gamma; null when spend in the fit currency is unknown'),
  predictedValue12m: z.number().nullable().describe('discounted value of the next 12 months of orders'),
  valueIfActive12m: z.number().nullable().describe('the same had the customer certainly stayed active'),
  nextOrderOn: z.string().nullable().describe('the median date of the next order if still active'),
  orders: z.number(),
  firstOrderOn: z.string(),
  lastOrderOn: z.string(),
  currency: z.string().nullable(),
  atRiskSince: z.string().nullable().describe('start of the current churn-risk episode'),
  explanation: z.object({ en: z.string(), ko: z.string() }),
})

const fitView = (f: FitRecord | null) =>
  f
    ? { ...f, fittedAt: f.fittedAt.toISOString(), model: f.model as never, quality: f.quality as never }
    : null

/** The shop's predictions: the current fit, its quality, the value at risk, and a refit (admin API). */
export const predictRoutes: FastifyPluginAsync<{
  predictions: Predictions
  valueBy: 'spend' | 'predicted'
}> = async (app, { predictions, valueBy }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['predictions']
  const security = ADMIN_SECURITY

  typed.get(
    '/predictions',
    {
      schema: {
        description:
          "The shop's predictions: the newest fit and the one in use (the newest good one; they differ when the newest refused or did not converge), with its calibration on the shop's own last months held out; the predicted 12-month value of all customers, and the value at risk (what the customers in a churn-risk episode would be worth over 12 months had they stayed).",
        tags,
        security,
        response: {
          200: z.object({
            latest: fit,
            current: fit,
            totals: z.object({
              customers: z.number(),
              predictedValue12m: z.number(),
              atRisk: z.number(),
              valueAtRisk: z.number(),
              expectedOrders90d: z.number(),
              likelyActive: z.number().describe('customers with P(alive) of 0.5 or more'),
            }),
            settings: z.object({
              churnRiskBelow: z.number(),
              churnRiskMinValue: z
                .number()
                .nullable()
                .describe("null: the median of the shop's repeat buyers"),
              radarValueBy: z.enum(['spend', 'predicted']),
            }),
          }),
        },
      },
    },
    async () => {
      const o = await predictions.overview()
      return {
        latest: fitView(o.latest),
        current: fitView(o.current),
        totals: o.totals,
        settings: { ...o.settings, radarValueBy: valueBy },
      }
    },
  )

  typed.post(
    '/predictions/fit',
    {
      schema: {
        description:
          "Fits the models on the shop's orders now (the server also refits on its own schedule) and raises the churn risks it finds; a thin history or a fit that does not converge is recorded with why, and the predictions in use stay.",
        tags,
        security,
        response: {
          200: z.object({
            fitId: z.number(),
            status: z.enum(['ok', 'refused', 'not_converged']),
            reason: z.string().nullable(),
            customers: z.number(),
            repeatBuyers: z.number(),
            churnRiskRaised: z.number(),
            seconds: z.number(),
          }),
        },
      },
    },
    async () => predictions.fit(),
  )
}

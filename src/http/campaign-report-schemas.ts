import { z } from 'zod'

/** The response schemas of campaign and programme reports (the stats module's analysis, as JSON). */

const interval = z.object({ lower: z.number(), upper: z.number() })

const estimate = z.object({
  estimate: z.number(),
  interval: interval.describe('the interval the report leads with: always-valid unless REEL_SEQUENTIAL=off'),
  fixed: interval.describe('fixed-horizon (valid for one look decided in advance)'),
  sequential: interval
    .nullable()
    .describe('always-valid (a confidence sequence: valid however often one looks)'),
  pValue: z.number().describe('fixed-horizon, two-sided'),
})

const armFigures = z.object({
  n: z.number(),
  conversionRate: z.number().nullable(),
  ordersPerCustomer: z.number().nullable(),
  revenuePerCustomer: z.number().nullable(),
  discount: z.number(),
  messageCost: z.number(),
})

export const analysisSchema = z.object({
  enough: z.boolean().describe('false: not enough data yet (`reason` says why); the counts are still given'),
  reason: z.string().nullable(),
  arms: z.object({ treatment: armFigures, holdout: armFigures }),
  conversion: z
    .object({
      absolute: estimate.describe('treatment − holdout conversion rate'),
      relative: estimate.describe('treatment ÷ holdout − 1'),
    })
    .nullable(),
  ordersPerCustomer: estimate.nullable().describe('treatment − holdout orders per exposed customer'),
  revenuePerCustomer: estimate
    .nullable()
    .describe('treatment − holdout revenue per exposed customer (Welch)'),
  revenuePerCustomerCuped: estimate
    .extend({ varianceReduction: z.number() })
    .nullable()
    .describe("the same adjusted for each customer's spend in the 90 days before exposure (CUPED)"),
  srm: z
    .object({ chiSquare: z.number(), pValue: z.number(), mismatch: z.boolean() })
    .nullable()
    .describe('sample-ratio check of the split against the holdout share; mismatch at p < 0.001'),
  money: z.object({
    incrementalOrders: estimate.nullable(),
    incrementalRevenue: estimate.nullable(),
    discountCost: z.number(),
    messageCost: z.number(),
    incrementalProfit: estimate
      .nullable()
      .describe('gross margin × incremental revenue − discount − message cost (REEL_GROSS_MARGIN)'),
    promotionDilemma: z
      .object({ discount: z.number(), shareOfDiscount: z.number() })
      .nullable()
      .describe('discount paid to treated customers who would have ordered anyway (from the holdout)'),
  }),
})

export const verdictSchema = z.object({
  kind: z.enum(['not_enough_data', 'sample_ratio_mismatch', 'adds_orders', 'loses_orders', 'no_effect_yet']),
  locale: z.enum(['en', 'ko']),
  text: z.string(),
})

const group = z.object({ key: z.string(), analysis: analysisSchema, verdict: verdictSchema })

const dailyPoint = z.object({
  day: z.string().describe("a calendar day in the shop's time zone (REEL_DEFAULT_TIMEZONE)"),
  treatment: z.number(),
  holdout: z.number(),
  conversionRate: z
    .object({ treatment: z.number().nullable(), holdout: z.number().nullable() })
    .describe("each arm's conversion rate that evening (null for an empty arm)"),
  conversion: estimate.nullable().describe('treatment − holdout conversion rate'),
  ordersPerCustomer: estimate.nullable(),
  incrementalProfit: estimate.nullable(),
})

export const campaignReportSchema = z.object({
  campaignId: z.string(),
  name: z.string(),
  goalDays: z.number(),
  asOf: z.string(),
  currency: z.string().nullable().describe('money is in this currency (REEL_DEFAULT_CURRENCY)'),
  holdoutShare: z.number(),
  entered: z.object({ treatment: z.number(), holdout: z.number() }),
  windowsOpen: z.number().describe('exposures whose goal window is still open: their figures may still grow'),
  otherCurrencyOrders: z.number().describe('orders in another currency: counted as orders, not as money'),
  intervals: z.enum(['always-valid', 'fixed']),
  overall: group,
  breakdowns: z.object({
    trigger: z.array(group).describe('by what made the customer enter (signal kind, event name, segment)'),
    buyer: z
      .array(group)
      .describe('by completed orders before exposure: none, new (one), repeat (two or more)'),
    spendBand: z
      .array(group)
      .describe('by spend before exposure: none, then low, middle and high thirds of those who spent'),
    spendBandCuts: z.object({ low: z.number(), high: z.number() }).nullable(),
  }),
  daily: z
    .array(dailyPoint)
    .describe('per day, the figures as of that evening (cumulative), with their intervals: for a chart'),
  targeting: z
    .object({
      topShare: z.number(),
      profitIfTopOnly: estimate
        .nullable()
        .describe("incremental profit among the top share's treated customers"),
      profitOfTheRest: estimate.nullable().describe("incremental profit among the others' treated customers"),
      saved: estimate.nullable().describe('what leaving the rest out would have saved (minus their profit)'),
      folds: z.number().describe('cross-fitting: a model trained on one half ranks the other'),
    })
    .nullable()
    .describe(
      'once every goal window has closed: the value of aiming the campaign at the top 30% by a model trained on it, estimated on its own data by cross-fitting',
    ),
})

const summed = z
  .object({
    estimate: z.number(),
    fixed: interval.describe(
      "fixed-horizon: the campaigns' variances added (confidence sequences do not add up)",
    ),
    missing: z.number().describe('campaigns with no estimate yet, left out of the sum'),
  })
  .nullable()

const totals = z.object({
  campaigns: z.number(),
  exposed: z.object({ treatment: z.number(), holdout: z.number() }),
  incrementalOrders: summed,
  incrementalRevenue: summed,
  incrementalProfit: summed,
  discountCost: z.number(),
  messageCost: z.number(),
  discountToSureThings: z.number().describe('discount paid to customers who would have ordered anyway'),
})

export const campaignsReportSchema = z.object({
  asOf: z.string(),
  currency: z.string().nullable(),
  campaigns: z.array(
    z.object({
      campaignId: z.string(),
      name: z.string(),
      state: z.string(),
      trigger: z.string(),
      report: campaignReportSchema.pick({ entered: true, windowsOpen: true, overall: true }),
    }),
  ),
  totals,
  byTrigger: z.array(z.object({ trigger: z.string(), totals })),
})

export const reportQuerystring = z.strictObject({
  locale: z
    .enum(['en', 'ko'])
    .optional()
    .describe("the verdict's language; else Accept-Language, else English"),
})

/**
 * The product's use of the models: a shop's purchase days in, a fit, its quality on the shop's own last
 * months and a prediction per customer out, or a refusal saying why. Pure: the service does the I/O.
 */
import {
  type BgNbdFit,
  type BgNbdParams,
  expectedOrders,
  expectedOrdersIfAlive,
  fitBgNbd,
  medianWaitIfAlive,
  probabilityAlive,
} from './bgnbd.js'
import { checkHoldout, type HoldoutCheck } from './evaluate.js'
import {
  expectedOrderValue,
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
} from './gamma-gamma.js'
import { type CustomerHistory, dateOfDay, summarise } from './summary.js'

/** A customer's completed orders of one day (days since the epoch in the shop's time zone), summed. */
export interface ShopPurchaseDay {
  customerId: string
  day: number
  value: number
  currency: string | null
}

export interface ShopFitOptions {
  /** The day the fit looks from (included in the history). */
  today: number
  monthlyDiscount: number
  minRepeatBuyers: number
  qualityHoldoutDays: number
}

/** What the model says of one customer, in days and the fit's currency. */
export interface CustomerForecast {
  customerId: string
  pAlive: number
  expectedOrders30d: number
  expectedOrders90d: number
  expectedOrders365d: number
  /** Null when the customer's orders are all in another currency than the fit's, or spend was not fitted. */
  expectedOrderValue: number | null
  /** Expected discounted value of the next 12 months' orders. */
  predictedValue12m: number | null
  /** The same had the customer certainly stayed active: what the shop loses if they have left. */
  valueIfActive12m: number | null
  /**
   * The median day of their next order if still active; null when that is more than a year away (a single
   * order says too little: the median wait of a one-time buyer can run to decades).
   */
  nextOrderDay: number | null
  orders: number
  firstDay: number
  lastDay: number
}

export type FitQuality =
  | { status: 'ok'; holdoutDays: number; calibrationEnd: string; check: HoldoutCheck }
  | { status: 'refused'; reason: string }

export interface FittedModel {
  bgnbd: BgNbdParams
  gammaGamma: GammaGammaParams | null
  logLikelihood: number
  /** Days per model time unit (1: the shop's parameters are per day). */
  unitDays: 1
}

export type ShopFit =
  | {
      status: 'ok'
      customers: number
      repeatBuyers: number
      currency: string | null
      model: FittedModel
      quality: FitQuality
      forecasts: CustomerForecast[]
    }
  | { status: 'refused' | 'not_converged'; reason: string; customers: number; repeatBuyers: number }

const MONTH_DAYS = 365.25 / 12
const NEXT_ORDER_HORIZON_DAYS = 365

/** Fits BG/NBD and Gamma-Gamma on the shop's purchase days, checks them on its last months, forecasts. */
export function fitShop(purchases: readonly ShopPurchaseDay[], options: ShopFitOptions): ShopFit {
  const attempt = fitModels(purchases, options.today, options.minRepeatBuyers)
  if (attempt.status !== 'ok') return attempt
  const { histories, bgnbd, gammaGamma, currency, spendOf } = attempt
  return {
    status: 'ok',
    customers: histories.length,
    repeatBuyers: attempt.repeatBuyers,
    currency,
    model: {
      bgnbd: bgnbd.params,
      gammaGamma: gammaGamma?.params ?? null,
      logLikelihood: bgnbd.logLikelihood,
      unitDays: 1,
    },
    quality: qualityOf(purchases, options),
    forecasts: histories.map((h) =>
      forecast(h, bgnbd.params, gammaGamma?.params ?? null, spendOf.get(h.customerId), options),
    ),
  }
}

type Attempt =
  | {
      status: 'ok'
      histories: CustomerHistory[]
      repeatBuyers: number
      bgnbd: BgNbdFit
      gammaGamma: GammaGammaFit | null
      currency: string | null
      /** Each customer's repeat spend in the fit's currency (absent: none in it). */
      spendOf: Map<string, CustomerHistory>
    }
  | { status: 'refused' | 'not_converged'; reason: string; customers: number; repeatBuyers: number }

function fitModels(purchases: readonly ShopPurchaseDay[], endDay: number, minRepeatBuyers: number): Attempt {
  const refuse = (reason: string, customers = 0, repeatBuyers = 0) =>
    ({ status: 'refused', reason, customers, repeatBuyers }) as const
  const inHistory = purchases.filter((p) => p.day <= endDay)
  if (inHistory.length === 0) return refuse('the shop has no completed order yet')
  const negative = inHistory.filter((p) => p.value < 0)
  if (negative.length > 0) {
    const first = negative[0] as ShopPurchaseDay
    return refuse(
      `${negative.length} customer-day${negative.length === 1 ? ' has' : 's have'} a negative order value (refunds above the order's total; the first: customer ${first.customerId} on ${dateOfDay(first.day)}): fix those orders before predicting from them`,
    )
  }
  const days = new Set(inHistory.map((p) => p.day))
  if (days.size === 1)
    return refuse(
      `every order is from one day (${dateOfDay(inHistory[0]?.day ?? 0)}): there is no time between purchases to learn from`,
    )
  const histories = summarise(inHistory, { calibrationEndDay: endDay, unitDays: 1 })
  const repeatBuyers = histories.filter((h) => h.frequency > 0).length
  if (repeatBuyers < minRepeatBuyers)
    return refuse(
      `only ${repeatBuyers} customer${repeatBuyers === 1 ? ' has' : 's have'} bought on two different days; a fit needs at least ${minRepeatBuyers} to tell who is still a customer`,
      histories.length,
      repeatBuyers,
    )
  const bgnbd = fitBgNbd(histories)
  if (!bgnbd.converged)
    return {
      status: 'not_converged',
      reason: `BG/NBD: ${bgnbd.problem}`,
      customers: histories.length,
      repeatBuyers,
    }
  const currency = mainCurrency(inHistory)
  const spend = summarise(
    inHistory.filter((p) => p.currency === currency),
    { calibrationEndDay: endDay, unitDays: 1 },
  )
  const spenders = spend.flatMap((h) =>
    h.frequency > 0 && h.meanRepeatValue !== null && h.meanRepeatValue > 0
      ? [{ frequency: h.frequency, meanValue: h.meanRepeatValue }]
      : [],
  )
  // Spend needs fewer buyers than frequency: a thin spend fit leaves values unknown, not the forecasts.
  const gammaGamma = spenders.length >= Math.min(50, minRepeatBuyers) ? fitGammaGamma(spenders) : null
  if (gammaGamma && !gammaGamma.converged)
    return {
      status: 'not_converged',
      reason: `Gamma-Gamma: ${gammaGamma.problem}`,
      customers: histories.length,
      repeatBuyers,
    }
  return {
    status: 'ok',
    histories,
    repeatBuyers,
    bgnbd,
    gammaGamma,
    currency,
    spendOf: new Map(spend.map((h) => [h.customerId, h])),
  }
}

/** The currency most purchase days are in (the shop's; other currencies' spend is not mixed into it). */
function mainCurrency(purchases: readonly ShopPurchaseDay[]): string | null {
  const counts = new Map<string | null, number>()
  for (const p of purchases) counts.set(p.currency, (counts.get(p.currency) ?? 0) + 1)
  return [...counts.entries()].sort((p, q) => q[1] - p[1])[0]?.[0] ?? null
}

/** The same fit on the history before the last `qualityHoldoutDays`, checked against those days. */
function qualityOf(purchases: readonly ShopPurchaseDay[], options: ShopFitOptions): FitQuality {
  const end = options.today - options.qualityHoldoutDays
  const attempt = fitModels(purchases, end, options.minRepeatBuyers)
  if (attempt.status !== 'ok')
    return {
      status: 'refused',
      reason: `before the last ${options.qualityHoldoutDays} days, ${attempt.reason}`,
    }
  const histories = summarise(
    purchases.filter((p) => p.day <= options.today),
    { calibrationEndDay: end, holdoutEndDay: options.today, unitDays: 1 },
  )
  return {
    status: 'ok',
    holdoutDays: options.qualityHoldoutDays,
    calibrationEnd: dateOfDay(end),
    check: checkHoldout(attempt.bgnbd.params, null, histories, options.qualityHoldoutDays),
  }
}

function forecast(
  h: CustomerHistory,
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams | null,
  spend: CustomerHistory | undefined,
  options: ShopFitOptions,
): CustomerForecast {
  const pAlive = probabilityAlive(bgnbd, h)
  const wait = medianWaitIfAlive(bgnbd, h)
  const orderValue =
    gammaGamma && spend
      ? expectedOrderValue(
          gammaGamma,
          spend.meanRepeatValue === null
            ? null
            : { frequency: spend.frequency, meanValue: spend.meanRepeatValue },
        )
      : null
  // Each month's expected orders at the expected order value, discounted to today.
  let valueIfActive: number | null = null
  if (orderValue !== null) {
    valueIfActive = 0
    let before = 0
    for (let month = 1; month <= 12; month++) {
      const upTo = expectedOrdersIfAlive(bgnbd, h, month * MONTH_DAYS)
      valueIfActive += (orderValue * (upTo - before)) / (1 + options.monthlyDiscount) ** month
      before = upTo
    }
  }
  return {
    customerId: h.customerId,
    pAlive,
    expectedOrders30d: expectedOrders(bgnbd, h, 30),
    expectedOrders90d: expectedOrders(bgnbd, h, 90),
    expectedOrders365d: expectedOrders(bgnbd, h, 365),
    expectedOrderValue: orderValue,
    // E[Y] = P(alive) · E[Y | alive]: equation 10 is P(alive) times the alive customer's expectation.
    predictedValue12m: valueIfActive === null ? null : valueIfActive * pAlive,
    valueIfActive12m: valueIfActive,
    nextOrderDay: wait <= NEXT_ORDER_HORIZON_DAYS ? options.today + Math.max(1, Math.round(wait)) : null,
    orders: h.frequency + 1,
    firstDay: h.firstDay,
    lastDay: h.lastDay,
  }
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { startThread, startTicker, type Ticker } from '../jobs/index.js'
import { explain } from './explain.js'
import type { PredictSettings } from './settings.js'
import type { CustomerForecast, ShopFit, ShopFitOptions, ShopPurchaseDay } from './shop-model.js'
import {
  episodesBegunAt,
  type FitRecord,
  latestFit,
  predictionsOf,
  predictionTotals,
  recordFit,
  replacePredictions,
  type StoredPrediction,
} from './store.js'
import { dayOfDate } from './summary.js'

/** The radar's churn_risk signal, raised through the radar's surface (given by the composition root). */
export interface ChurnRiskSignal {
  kind: 'churn_risk'
  customerId: string
  /** The start of the episode: one signal per customer and episode. */
  key: string
  at: Date
  evidence: string[]
  valueAtStake: number
  currency: string | null
}

export interface PredictionsDeps {
  db: AnyDb
  clock: () => Date
  settings: PredictSettings
  /** The shop's time zone: purchase days and the ages behind the predictions are counted in it. */
  timeZone: string
  purchaseDays(db: AnyDb, options: { until: Date; timeZone: string }): Promise<ShopPurchaseDay[]>
  raiseSignals(db: AnyDb, signals: ChurnRiskSignal[]): Promise<number>
}

export interface FitSummary {
  fitId: number
  status: FitRecord['status']
  reason: string | null
  customers: number
  repeatBuyers: number
  /** New churn-risk episodes this fit raised on the radar. */
  churnRiskRaised: number
  seconds: number
}

/** A customer's prediction as the API shows it, with the sentence that explains it. */
export interface CustomerPrediction extends Omit<StoredPrediction, 'atRiskSince'> {
  atRiskSince: string | null
  fittedAt: string
  explanation: { en: string; ko: string }
}

export interface Predictions {
  settings: PredictSettings
  /**
   * Fits the shop's history up to `asOf` (default: the clock), stores the outcome and (when good) the
   * predictions and the churn risks that began.
   */
  fit(options?: { asOf?: Date }): Promise<FitSummary>
  /** The newest fit, and the one whose predictions are in use (the newest good one). */
  fits(): Promise<{ latest: FitRecord | null; current: FitRecord | null }>
  forCustomer(customerId: string, db?: AnyDb): Promise<CustomerPrediction | null>
  /** Predictions of several customers (templates read them), by id. */
  forCustomers(db: AnyDb, customerIds: readonly string[]): Promise<Map<string, StoredPrediction>>
  overview(): Promise<PredictionOverview>
  /** Refits when the current fit is older than settings.refitHours (checked every settings.tickMs). */
  startWorker(onError: (error: unknown) => void): Ticker
}

export interface PredictionOverview {
  latest: FitRecord | null
  current: FitRecord | null
  totals: Awaited<ReturnType<typeof predictionTotals>>
  settings: { churnRiskBelow: number; churnRiskMinValue: number | null }
}

// Advisory lock class of the predictions: two fits (the worker and `reel predict fit`) write one at a time.
const FIT_LOCK = 1200

export function createPredictions(deps: PredictionsDeps): Predictions {
  const { db, clock, settings } = deps

  const todayOf = (now: Date) => dayOfDate(dateIn(now, deps.timeZone)) as number

  async function fit(options: { asOf?: Date } = {}): Promise<FitSummary> {
    const started = performance.now()
    const now = options.asOf ?? clock()
    const purchases = await deps.purchaseDays(db, { until: now, timeZone: deps.timeZone })
    const outcome = await fitInThread(purchases, {
      today: todayOf(now),
      monthlyDiscount: settings.monthlyDiscount,
      minRepeatBuyers: settings.minRepeatBuyers,
      qualityHoldoutDays: settings.qualityHoldoutDays,
    })
    const { fitId, raised } = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${FIT_LOCK}, 0)`.execute(tx)
      const id = await recordFit(tx, outcome, now)
      if (outcome.status !== 'ok') return { fitId: id, raised: 0 }
      const minimum = settings.churnRiskMinValue ?? medianValueIfActive(outcome.forecasts)
      await replacePredictions(
        tx,
        id,
        now,
        outcome.currency,
        outcome.forecasts,
        (f) =>
          f.pAlive < settings.churnRiskBelow && f.valueIfActive12m !== null && f.valueIfActive12m >= minimum,
      )
      const begun = await episodesBegunAt(tx, now)
      const count = await deps.raiseSignals(
        tx,
        begun.map((p) => ({
          kind: 'churn_risk',
          customerId: p.customer_id,
          key: now.toISOString(),
          at: now,
          // The recency, frequency and age behind P(alive), and the fit that computed it.
          evidence: [
            `orders:${p.orders}`,
            `first_order:${p.first_on}`,
            `last_order:${p.last_on}`,
            `p_alive:${Number(p.p_alive).toFixed(3)}`,
            `fit:${id}`,
          ],
          valueAtStake: Math.round(Number(p.value_if_active_12m ?? 0) * 100) / 100,
          currency: p.currency,
        })),
      )
      return { fitId: id, raised: count }
    })
    return {
      fitId,
      status: outcome.status,
      reason: outcome.status === 'ok' ? null : outcome.reason,
      customers: outcome.customers,
      repeatBuyers: outcome.repeatBuyers,
      churnRiskRaised: raised,
      seconds: (performance.now() - started) / 1000,
    }
  }

  async function fits() {
    const latest = await latestFit(db, 'any')
    return { latest, current: latest === null || latest.status === 'ok' ? latest : await latestFit(db, 'ok') }
  }

  return {
    settings,
    fit,
    fits,
    async forCustomer(customerId, handle = db) {
      const [p] = await predictionsOf(handle, [customerId])
      if (!p) return null
      const [fitRow] = await sql<{ fitted_at: Date }>`
        select fitted_at from prediction_fits where id = ${p.fitId}`
        .execute(handle)
        .then((r) => r.rows)
      const fittedAt = fitRow?.fitted_at ?? clock()
      const today = dateIn(fittedAt, deps.timeZone)
      return {
        ...p,
        atRiskSince: p.atRiskSince?.toISOString() ?? null,
        fittedAt: fittedAt.toISOString(),
        explanation: { en: explain(p, today, 'en'), ko: explain(p, today, 'ko') },
      }
    },
    async forCustomers(handle, customerIds) {
      return new Map((await predictionsOf(handle, customerIds)).map((p) => [p.customerId, p]))
    },
    async overview() {
      const [{ latest, current }, totals] = await Promise.all([fits(), predictionTotals(db)])
      return {
        latest,
        current,
        totals,
        settings: {
          churnRiskBelow: settings.churnRiskBelow,
          churnRiskMinValue: settings.churnRiskMinValue,
        },
      }
    },
    startWorker(onError) {
      return startTicker(
        async () => {
          const latest = await latestFit(db, 'any')
          const age = latest ? clock().getTime() - latest.fittedAt.getTime() : Number.POSITIVE_INFINITY
          if (age >= settings.refitHours * 3_600_000) await fit()
        },
        settings.tickMs,
        onError,
      )
    },
  }
}

/** fitShop on a worker thread (fit-thread.ts), so the server keeps answering while it runs. */
function fitInThread(purchases: ShopPurchaseDay[], options: ShopFitOptions): Promise<ShopFit> {
  const thread = startThread(new URL('./fit-thread.js', import.meta.url), { purchases, options })
  return new Promise((resolve, reject) => {
    thread.once('message', (m: { ok: true; fit: ShopFit } | { ok: false; message: string }) =>
      m.ok ? resolve(m.fit) : reject(new Error(`the prediction fit failed: ${m.message}`)),
    )
    thread.once('error', reject)
    thread.once('exit', (code) => reject(new Error(`the prediction fit's thread stopped (exit ${code})`)))
  })
}

/** The median 12-month value had they stayed active, of the customers who bought more than once. */
function medianValueIfActive(forecasts: readonly CustomerForecast[]): number {
  const values = forecasts
    .filter((f) => f.orders > 1 && f.valueIfActive12m !== null)
    .map((f) => f.valueIfActive12m as number)
    .sort((p, q) => p - q)
  if (values.length === 0) return Number.POSITIVE_INFINITY
  const mid = Math.floor(values.length / 2)
  return values.length % 2 === 1
    ? (values[mid] as number)
    : ((values[mid - 1] as number) + (values[mid] as number)) / 2
}

/** The calendar date (YYYY-MM-DD) of a moment in a time zone. */
function dateIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at)
}

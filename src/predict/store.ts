import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import type { PredictTables } from './migrations.js'
import type { CustomerForecast, ShopFit } from './shop-model.js'
import { dateOfDay } from './summary.js'

const db = (handle: AnyDb) => tablesOf<PredictTables>(handle)

/** Records a fit's outcome (a refusal too: the shop sees why it has no predictions); returns its id. */
export async function recordFit(handle: AnyDb, fit: ShopFit, fittedAt: Date): Promise<number> {
  const ok = fit.status === 'ok'
  const { rows } = await sql<{ id: number }>`
    insert into prediction_fits (fitted_at, status, reason, model, quality, customers, repeat_buyers, currency)
    values (${fittedAt}, ${fit.status}, ${ok ? null : fit.reason}, ${ok ? JSON.stringify(fit.model) : null}::jsonb,
      ${ok ? JSON.stringify(fit.quality) : null}::jsonb, ${fit.customers}, ${fit.repeatBuyers}, ${ok ? fit.currency : null})
    returning id`.execute(handle)
  return rows[0]?.id ?? Number.NaN
}

const CHUNK = 5000

/**
 * Replaces every prediction with this fit's, keeping when each customer's churn-risk episode began: a
 * customer at risk in the last fit and still at risk keeps their start (one signal per episode); one no
 * longer at risk ends it. Customers the fit no longer holds lose their row.
 */
export async function replacePredictions(
  tx: AnyDb,
  fitId: number,
  fittedAt: Date,
  currency: string | null,
  forecasts: readonly CustomerForecast[],
  atRisk: (f: CustomerForecast) => boolean,
): Promise<void> {
  for (let i = 0; i < forecasts.length; i += CHUNK) {
    const rows = forecasts.slice(i, i + CHUNK).map((f) => ({
      customer_id: f.customerId,
      p_alive: f.pAlive,
      e30: f.expectedOrders30d,
      e90: f.expectedOrders90d,
      e365: f.expectedOrders365d,
      eov: f.expectedOrderValue,
      v12: f.predictedValue12m,
      va12: f.valueIfActive12m,
      next_on: f.nextOrderDay === null ? null : dateOfDay(f.nextOrderDay),
      orders: f.orders,
      first_on: dateOfDay(f.firstDay),
      last_on: dateOfDay(f.lastDay),
      at_risk: atRisk(f),
    }))
    await sql`
      insert into customer_predictions (customer_id, fit_id, p_alive, expected_orders_30d, expected_orders_90d,
        expected_orders_365d, expected_order_value, predicted_value_12m, value_if_active_12m, next_order_on, orders,
        first_order_on, last_order_on, currency, at_risk_since)
      select r.customer_id, ${fitId}, r.p_alive, r.e30, r.e90, r.e365, r.eov, r.v12, r.va12, r.next_on, r.orders,
        r.first_on, r.last_on, ${currency}, case when r.at_risk then ${fittedAt}::timestamptz end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(customer_id text, p_alive float8, e30 float8,
        e90 float8, e365 float8, eov float8, v12 float8, va12 float8, next_on date, orders int, first_on date,
        last_on date, at_risk boolean)
      order by r.customer_id
      on conflict (customer_id) do update set
        fit_id = excluded.fit_id, p_alive = excluded.p_alive, expected_orders_30d = excluded.expected_orders_30d,
        expected_orders_90d = excluded.expected_orders_90d, expected_orders_365d = excluded.expected_orders_365d,
        expected_order_value = excluded.expected_order_value, predicted_value_12m = excluded.predicted_value_12m,
        value_if_active_12m = excluded.value_if_active_12m, next_order_on = excluded.next_order_on,
        orders = excluded.orders, first_order_on = excluded.first_order_on, last_order_on = excluded.last_order_on,
        currency = excluded.currency,
        at_risk_since = case when excluded.at_risk_since is null then null
          else coalesce(customer_predictions.at_risk_since, excluded.at_risk_since) end`.execute(tx)
  }
  await sql`delete from customer_predictions where fit_id <> ${fitId}`.execute(tx)
}

/** A customer's prediction as the API and templates read it. */
export interface StoredPrediction {
  customerId: string
  fitId: number
  pAlive: number
  expectedOrders30d: number
  expectedOrders90d: number
  expectedOrders365d: number
  expectedOrderValue: number | null
  predictedValue12m: number | null
  valueIfActive12m: number | null
  nextOrderOn: string | null
  orders: number
  firstOrderOn: string
  lastOrderOn: string
  currency: string | null
  atRiskSince: Date | null
}

export async function predictionsOf(
  handle: AnyDb,
  customerIds: readonly string[],
): Promise<StoredPrediction[]> {
  if (customerIds.length === 0) return []
  // Dates as text: the drivers would read a date as midnight in the server's zone.
  const { rows } = await sql<PredictTables['customer_predictions']>`
    select customer_id, fit_id, p_alive, expected_orders_30d, expected_orders_90d, expected_orders_365d,
      expected_order_value, predicted_value_12m, value_if_active_12m, next_order_on::text as next_order_on, orders,
      first_order_on::text as first_order_on, last_order_on::text as last_order_on, currency, at_risk_since
    from customer_predictions where customer_id = any(${[...customerIds]}::text[])`.execute(handle)
  return rows.map((r) => ({
    customerId: r.customer_id,
    fitId: r.fit_id,
    pAlive: Number(r.p_alive),
    expectedOrders30d: Number(r.expected_orders_30d),
    expectedOrders90d: Number(r.expected_orders_90d),
    expectedOrders365d: Number(r.expected_orders_365d),
    expectedOrderValue: r.expected_order_value === null ? null : Number(r.expected_order_value),
    predictedValue12m: r.predicted_value_12m === null ? null : Number(r.predicted_value_12m),
    valueIfActive12m: r.value_if_active_12m === null ? null : Number(r.value_if_active_12m),
    nextOrderOn: r.next_order_on,
    orders: r.orders,
    firstOrderOn: r.first_order_on,
    lastOrderOn: r.last_order_on,
    currency: r.currency,
    atRiskSince: r.at_risk_since,
  }))
}

/** Customers whose churn-risk episode began at `since` (this fit's new episodes), for the radar. */
export async function episodesBegunAt(handle: AnyDb, since: Date) {
  return db(handle)
    .selectFrom('customer_predictions')
    .select(['customer_id', 'p_alive', 'value_if_active_12m', 'currency', 'orders'])
    .select(sql<string>`first_order_on::text`.as('first_on'))
    .select(sql<string>`last_order_on::text`.as('last_on'))
    .where('at_risk_since', '=', since)
    .orderBy('customer_id')
    .execute()
}

export interface FitRecord {
  id: number
  fittedAt: Date
  status: 'ok' | 'refused' | 'not_converged'
  reason: string | null
  model: unknown
  quality: unknown
  customers: number
  repeatBuyers: number
  currency: string | null
}

/** The newest fit, or the newest good one (whose predictions are in use). */
export async function latestFit(handle: AnyDb, which: 'any' | 'ok'): Promise<FitRecord | null> {
  let query = db(handle).selectFrom('prediction_fits').selectAll().orderBy('id', 'desc').limit(1)
  if (which === 'ok') query = query.where('status', '=', 'ok')
  const rows = await query.execute()
  return (
    rows.map((r) => ({
      id: r.id,
      fittedAt: r.fitted_at,
      status: r.status,
      reason: r.reason,
      model: typeof r.model === 'string' ? JSON.parse(r.model) : r.model,
      quality: typeof r.quality === 'string' ? JSON.parse(r.quality) : r.quality,
      customers: r.customers,
      repeatBuyers: r.repeat_buyers,
      currency: r.currency,
    }))[0] ?? null
  )
}

/** The shop's predicted 12-month value, the value at risk (customers in a churn-risk episode), and counts. */
export async function predictionTotals(handle: AnyDb) {
  const { rows } = await sql<{
    customers: number
    predicted_value: number | null
    at_risk: number
    value_at_risk: number | null
    expected_orders_90d: number | null
    likely_active: number
  }>`
    select count(*)::int as customers, sum(predicted_value_12m) as predicted_value,
      count(*) filter (where at_risk_since is not null)::int as at_risk,
      sum(value_if_active_12m) filter (where at_risk_since is not null) as value_at_risk,
      sum(expected_orders_90d) as expected_orders_90d,
      count(*) filter (where p_alive >= 0.5)::int as likely_active
    from customer_predictions`.execute(handle)
  const r = rows[0]
  return {
    customers: r?.customers ?? 0,
    predictedValue12m: Number(r?.predicted_value ?? 0),
    atRisk: r?.at_risk ?? 0,
    valueAtRisk: Number(r?.value_at_risk ?? 0),
    expectedOrders90d: Number(r?.expected_orders_90d ?? 0),
    likelyActive: r?.likely_active ?? 0,
  }
}

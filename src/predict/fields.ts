import { type RawBuilder, sql } from 'kysely'

/** The predictions audience and segment rules can test, as profile fields (all numbers). */
export const PREDICTION_FIELDS = [
  'p_alive',
  'expected_orders_90d',
  'expected_orders_365d',
  'expected_order_value',
  'predicted_value_12m',
  'value_if_active_12m',
] as const
export type PredictionField = (typeof PREDICTION_FIELDS)[number]

/**
 * A customer's prediction as a SQL value, for another module's query over its own rows (`customerId` the
 * column holding the customer id): null without a prediction, so such a customer matches only `!=`.
 */
export function predictionValue(
  field: PredictionField,
  customerId: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`(select p.${sql.ref(field)} from customer_predictions p where p.customer_id = ${customerId})`
}

/**
 * What a signal is worth by prediction: the customer's 12-month value had they stayed active, when it is
 * predicted in the signal's currency; else null (the caller keeps its own value).
 */
export function predictedValueAtStake(
  customerId: RawBuilder<unknown>,
  currency: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`(select p.value_if_active_12m from customer_predictions p
    where p.customer_id = ${customerId} and p.currency is not distinct from ${currency})`
}

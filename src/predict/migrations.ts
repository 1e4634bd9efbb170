import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/** The shop's fits (kept, so the quality of each is on record) and the latest good fit's predictions. */
export const predictMigrations: NamedMigration[] = [
  {
    name: '1200-predictions',
    async up(db) {
      await sql`
        create table prediction_fits (
          id serial primary key,
          fitted_at timestamptz not null,
          status text not null check (status in ('ok', 'refused', 'not_converged')),
          reason text,
          model jsonb,
          quality jsonb,
          customers int not null default 0,
          repeat_buyers int not null default 0,
          currency text
        )`.execute(db)
      await sql`
        create table customer_predictions (
          customer_id text primary key,
          fit_id int not null references prediction_fits (id),
          p_alive double precision not null,
          expected_orders_30d double precision not null,
          expected_orders_90d double precision not null,
          expected_orders_365d double precision not null,
          expected_order_value double precision,
          predicted_value_12m double precision,
          value_if_active_12m double precision,
          next_order_on date,
          orders int not null,
          first_order_on date not null,
          last_order_on date not null,
          currency text,
          at_risk_since timestamptz
        )`.execute(db)
      await sql`create index customer_predictions_at_risk on customer_predictions (at_risk_since) where at_risk_since is not null`.execute(
        db,
      )
    },
  },
]

export interface PredictTables {
  prediction_fits: {
    id: number
    fitted_at: Date
    status: 'ok' | 'refused' | 'not_converged'
    reason: string | null
    model: unknown
    quality: unknown
    customers: number
    repeat_buyers: number
    currency: string | null
  }
  customer_predictions: {
    customer_id: string
    fit_id: number
    p_alive: number
    expected_orders_30d: number
    expected_orders_90d: number
    expected_orders_365d: number
    expected_order_value: number | null
    predicted_value_12m: number | null
    value_if_active_12m: number | null
    next_order_on: string | null
    orders: number
    first_order_on: string
    last_order_on: string
    currency: string | null
    at_risk_since: Date | null
  }
}

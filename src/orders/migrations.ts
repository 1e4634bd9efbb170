import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/** Orders with their lifecycle, and carts. */
export const ordersMigrations: NamedMigration[] = [
  {
    name: '0300-orders-and-carts',
    async up(db) {
      await sql`
        create table orders (
          order_id text primary key,
          customer_id text not null,
          cart_id text,
          currency text,
          total numeric,
          total_rank smallint not null default 0,
          revenue numeric,
          discount numeric,
          coupon text,
          products jsonb,
          checkout_at timestamptz,
          completed_at timestamptz,
          cancelled_at timestamptz,
          cancel_reason text,
          cancelled_products jsonb,
          cancelled_amount numeric,
          refunded_amount numeric not null default 0,
          refunded_at timestamptz,
          refunded_products jsonb not null default '[]',
          return_requested_at timestamptz,
          return_received_at timestamptz,
          status text generated always as (
            case
              when cancelled_at is not null
                and (cancelled_products is null or total is null or coalesce(cancelled_amount, total) >= total)
                then 'cancelled'
              when cancelled_at is not null then 'partially_cancelled'
              when refunded_amount > 0 and refunded_amount >= coalesce(total, 0) then 'refunded'
              when refunded_amount > 0 then 'partially_refunded'
              when completed_at is not null then 'completed'
              else 'checkout'
            end) stored
        )`.execute(db)
      await sql`create index orders_customer on orders (customer_id, completed_at)`.execute(db)
      await sql`
        create table carts (
          cart_id text primary key,
          customer_id text not null,
          items jsonb not null,
          value numeric not null,
          item_count int not null,
          created_at timestamptz not null,
          last_activity_at timestamptz not null,
          ordered_at timestamptz,
          order_id text
        )`.execute(db)
      await sql`create index carts_customer on carts (customer_id, last_activity_at)`.execute(db)
    },
  },
  {
    name: '0301-carts-checkout-url',
    async up(db) {
      // A platform's recovery link for an abandoned checkout (Shopify's abandoned_checkout_url).
      await sql`alter table carts add column checkout_url text`.execute(db)
    },
  },
]

export interface OrdersTables {
  orders: {
    order_id: string
    customer_id: string
    cart_id: string | null
    currency: string | null
    total: number | null
    total_rank: number
    revenue: number | null
    discount: number | null
    coupon: string | null
    products: unknown[] | null
    checkout_at: Date | null
    completed_at: Date | null
    cancelled_at: Date | null
    cancel_reason: string | null
    cancelled_products: unknown[] | null
    cancelled_amount: number | null
    refunded_amount: number
    refunded_at: Date | null
    refunded_products: unknown[]
    return_requested_at: Date | null
    return_received_at: Date | null
    status: string
  }
  carts: {
    cart_id: string
    customer_id: string
    items: Record<string, unknown>
    value: number
    item_count: number
    created_at: Date
    last_activity_at: Date
    ordered_at: Date | null
    order_id: string | null
    checkout_url: string | null
  }
}

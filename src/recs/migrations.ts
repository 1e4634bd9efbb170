import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/**
 * The recommender's counts, kept from the orders by the recs projection (src/recs/projection.ts). Every
 * count is a sum of what each counted order (recs_baskets) contributes, so a change to one order is applied
 * as its difference, and a rebuild gives the same tables.
 */
export const recsMigrations: NamedMigration[] = [
  {
    name: '1000-recs-model',
    async up(db) {
      await sql`
        create table recs_baskets (
          order_id text primary key,
          customer_id text not null,
          at timestamptz not null,
          items text[] not null,
          categories text[] not null
        )`.execute(db)
      await sql`create index recs_baskets_customer on recs_baskets (customer_id, at)`.execute(db)
      await sql`
        create table recs_items (
          item_id text primary key,
          baskets int not null,
          followed int not null,
          reorder_gaps int not null,
          reorder_seconds bigint not null
        )`.execute(db)
      await sql`
        create table recs_pairs (
          item_a text not null,
          item_b text not null,
          together int not null,
          next int not null,
          primary key (item_a, item_b)
        )`.execute(db)
      await sql`
        create table recs_category_next (
          category_a text not null,
          category_b text not null,
          times int not null,
          primary key (category_a, category_b)
        )`.execute(db)
      await sql`
        create table recs_item_weeks (
          week date not null,
          item_id text not null,
          category text not null,
          baskets int not null,
          primary key (week, item_id, category)
        )`.execute(db)
      await sql`
        create table recs_rules (
          position int primary key,
          from_category text not null,
          to_category text not null
        )`.execute(db)
    },
  },
]

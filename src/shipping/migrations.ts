import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/**
 * Shipments and returns with their timelines, kept from the log by the shipping projection; the
 * where-is-my-order contacts; and, outside the projection (a rebuild keeps them), the tracking links and
 * each shipment's holdout assignment.
 */
export const shippingMigrations: NamedMigration[] = [
  {
    name: '1100-shipping',
    async up(db) {
      await sql`
        create table shipments (
          shipment_id text primary key,
          order_id text not null,
          customer_id text,
          kind text not null,
          carrier text,
          tracking_number text,
          status text not null,
          stage smallint not null,
          raw_status text,
          sub_status text,
          status_at timestamptz not null,
          location text,
          origin_region text,
          destination_region text,
          products jsonb,
          carrier_estimate timestamptz,
          shipped_at timestamptz,
          delivered_at timestamptz,
          first_scan_at timestamptz not null,
          last_scan_at timestamptz not null,
          unmatched_reason text
        )`.execute(db)
      await sql`create index shipments_order on shipments (order_id)`.execute(db)
      await sql`create index shipments_customer on shipments (customer_id)`.execute(db)
      await sql`create index shipments_tracking on shipments (tracking_number)`.execute(db)
      await sql`create index shipments_open on shipments (last_scan_at) where delivered_at is null`.execute(
        db,
      )
      await sql`
        create table shipment_scans (
          shipment_id text not null,
          at timestamptz not null,
          status text not null,
          raw_status text,
          sub_status text,
          location text,
          primary key (shipment_id, at, status)
        )`.execute(db)
      await sql`
        create table support_contacts (
          message_id text primary key,
          customer_id text not null,
          order_id text,
          topic text not null,
          at timestamptz not null
        )`.execute(db)
      await sql`create index support_contacts_at on support_contacts (topic, at)`.execute(db)
      await sql`
        create table tracking_links (
          token text primary key,
          order_id text not null unique,
          created_at timestamptz not null
        )`.execute(db)
      await sql`
        create table shipment_assignments (
          shipment_id text primary key,
          holdout boolean not null,
          assigned_at timestamptz not null
        )`.execute(db)
    },
  },
  {
    name: '1101-shipment-promises',
    async up(db) {
      // The promises messages stated, kept apart from the projection: what was promised is a fact of the past.
      await sql`
        create table shipment_promises (
          shipment_id text not null,
          notice text not null,
          stated_at timestamptz not null,
          promise_at timestamptz not null,
          earliest_at timestamptz not null,
          latest_at timestamptz not null,
          primary key (shipment_id, notice)
        )`.execute(db)
    },
  },
]

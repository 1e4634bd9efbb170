import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

export const PLATFORMS = ['shopify', 'woocommerce'] as const
export type Platform = (typeof PLATFORMS)[number]

/** What became of a signed delivery: its events in the log, or its body set aside with the reason. */
export type DeliveryOutcome = 'stored' | 'quarantined' | 'privacy'

/** Connected shops and the webhook deliveries they made. */
export const connectorsMigrations: NamedMigration[] = [
  {
    name: '1600-connectors',
    async up(db) {
      // A shop's webhook secret is what proves a delivery came from it; it is stored as given (the
      // platform shows it to the shop's owner, who pastes it here), like the write keys.
      await sql`
        create table connector_shops (
          platform text not null,
          shop text not null,
          secret text not null,
          added_at timestamptz not null,
          primary key (platform, shop)
        )`.execute(db)
      // One row per signed delivery: the platform's delivery id makes a retry (Shopify retries for 48
      // hours) an answer from here instead of a second pass through the mapping.
      await sql`
        create table connector_deliveries (
          platform text not null,
          delivery_id text not null,
          shop text not null,
          topic text not null,
          received_at timestamptz not null,
          outcome text not null,
          events int not null,
          duplicates int not null,
          problem text,
          body jsonb,
          primary key (platform, delivery_id)
        )`.execute(db)
      await sql`create index connector_deliveries_recent on connector_deliveries (platform, shop, received_at)`.execute(
        db,
      )
    },
  },
]

export interface ConnectorsTables {
  connector_shops: { platform: Platform; shop: string; secret: string; added_at: Date }
  connector_deliveries: {
    platform: Platform
    delivery_id: string
    shop: string
    topic: string
    received_at: Date
    outcome: DeliveryOutcome
    events: number
    duplicates: number
    problem: string | null
    body: unknown
  }
}

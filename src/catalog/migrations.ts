import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/** The product catalogue, learned from product objects in events. */
export const catalogMigrations: NamedMigration[] = [
  {
    name: '0200-catalog-products',
    async up(db) {
      await sql`
        create table products (
          product_id text primary key,
          sku text,
          name text,
          category text,
          brand text,
          variant text,
          price numeric,
          url text,
          image_url text,
          updated_at timestamptz not null
        )`.execute(db)
      await sql`create index products_category on products (category)`.execute(db)
    },
  },
  {
    name: '0210-catalog-availability',
    async up(db) {
      // Null is "no event said": such a product counts as available.
      await sql`alter table products add column in_stock boolean, add column archived boolean`.execute(db)
    },
  },
]

export interface CatalogTables {
  products: {
    product_id: string
    sku: string | null
    name: string | null
    category: string | null
    brand: string | null
    variant: string | null
    price: number | null
    url: string | null
    image_url: string | null
    in_stock: boolean | null
    archived: boolean | null
    updated_at: Date
  }
}

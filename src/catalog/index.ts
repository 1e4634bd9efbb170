import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import type { Projection } from '../events/index.js'
import type { CatalogTables } from './migrations.js'
import { changesFacts, FACT_FIELDS, latestProductFacts } from './product-facts.js'

export { catalogMigrations } from './migrations.js'
export type { ProductFacts } from './product-facts.js'

/** Keeps `products` up to date from product objects in events. */
export function catalogProjection(): Projection {
  return {
    name: 'catalog',
    async apply(tx, events) {
      const batchFacts = latestProductFacts(events)
      if (batchFacts.length === 0) return
      // Most events repeat what the catalogue knows; writing only changes keeps concurrent
      // batches from queueing on the same hot product rows.
      const known = await tablesOf<CatalogTables>(tx)
        .selectFrom('products')
        .select(['product_id', ...FACT_FIELDS])
        .where(
          'product_id',
          'in',
          batchFacts.map((f) => f.product_id),
        )
        .execute()
      const byId = new Map(
        known.map((k) => [k.product_id, { ...k, price: k.price === null ? null : Number(k.price) }]),
      )
      const facts = batchFacts.filter((f) => {
        const k = byId.get(f.product_id)
        return !k || changesFacts(k, f)
      })
      if (facts.length === 0) return
      await sql`
        insert into products (product_id, sku, name, category, brand, variant, price, url, image_url, in_stock,
          archived, updated_at)
        select * from jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) as p(product_id text, sku text,
          name text, category text, brand text, variant text, price numeric, url text, image_url text,
          in_stock boolean, archived boolean, updated_at timestamptz)
        on conflict (product_id) do update set
          sku = coalesce(excluded.sku, products.sku),
          name = coalesce(excluded.name, products.name),
          category = coalesce(excluded.category, products.category),
          brand = coalesce(excluded.brand, products.brand),
          variant = coalesce(excluded.variant, products.variant),
          price = coalesce(excluded.price, products.price),
          url = coalesce(excluded.url, products.url),
          image_url = coalesce(excluded.image_url, products.image_url),
          in_stock = coalesce(excluded.in_stock, products.in_stock),
          archived = coalesce(excluded.archived, products.archived),
          updated_at = excluded.updated_at
        where excluded.updated_at >= products.updated_at`.execute(tx)
    },
    async merge() {
      // Products belong to the shop, not to a customer.
    },
    async reset(tx) {
      await sql`truncate products`.execute(tx)
    },
  }
}

/** What the catalogue knows of these products, to show them (recommendations); unknown ids are absent. */
export async function productsByIds(db: AnyDb, ids: readonly string[]) {
  if (ids.length === 0) return []
  return tablesOf<CatalogTables>(db)
    .selectFrom('products')
    .select(['product_id', 'name', 'category', 'price', 'url', 'image_url', 'in_stock', 'archived'])
    .where('product_id', 'in', [...ids])
    .execute()
}

/** Number of products in the catalogue. */
export async function countProducts(db: AnyDb): Promise<number> {
  const row = await tablesOf<CatalogTables>(db)
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

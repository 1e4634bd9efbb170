import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import type { ConnectorsTables, DeliveryOutcome, Platform } from './migrations.js'

const tables = (db: AnyDb) => tablesOf<ConnectorsTables>(db)

/** Connects a shop (or replaces its secret): its deliveries are verified with this secret from now on. */
export async function addShop(db: AnyDb, platform: Platform, shop: string, secret: string, at: Date) {
  await tables(db)
    .insertInto('connector_shops')
    .values({ platform, shop, secret, added_at: at })
    .onConflict((oc) => oc.columns(['platform', 'shop']).doUpdateSet({ secret, added_at: at }))
    .execute()
}

export async function removeShop(db: AnyDb, platform: Platform, shop: string): Promise<boolean> {
  const r = await tables(db)
    .deleteFrom('connector_shops')
    .where('platform', '=', platform)
    .where('shop', '=', shop)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function shopSecret(db: AnyDb, platform: Platform, shop: string): Promise<string | undefined> {
  const row = await tables(db)
    .selectFrom('connector_shops')
    .select('secret')
    .where('platform', '=', platform)
    .where('shop', '=', shop)
    .executeTakeFirst()
  return row?.secret
}

export async function listShops(db: AnyDb) {
  return tables(db)
    .selectFrom('connector_shops')
    .select(['platform', 'shop', 'added_at'])
    .orderBy('platform')
    .orderBy('shop')
    .execute()
}

export interface Delivery {
  platform: Platform
  deliveryId: string
  shop: string
  topic: string
  receivedAt: Date
  outcome: DeliveryOutcome
  events: number
  duplicates: number
  problem: string | null
  /** Kept for a quarantined delivery only, to be looked at and replayed. */
  body: unknown
}

/** Records a delivery once; false when its id was recorded before (a retry that raced this one). */
export async function recordDelivery(db: AnyDb, d: Delivery): Promise<boolean> {
  const r = await tables(db)
    .insertInto('connector_deliveries')
    .values({
      platform: d.platform,
      delivery_id: d.deliveryId,
      shop: d.shop,
      topic: d.topic,
      received_at: d.receivedAt,
      outcome: d.outcome,
      events: d.events,
      duplicates: d.duplicates,
      problem: d.problem,
      body: d.body === undefined ? null : JSON.stringify(d.body),
    })
    .onConflict((oc) => oc.columns(['platform', 'delivery_id']).doNothing())
    .returning('delivery_id')
    .executeTakeFirst()
  return r !== undefined
}

export async function deliveryOf(db: AnyDb, platform: Platform, deliveryId: string) {
  return tables(db)
    .selectFrom('connector_deliveries')
    .select(['outcome', 'events', 'duplicates', 'problem'])
    .where('platform', '=', platform)
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst()
}

/** Per shop and topic: deliveries, the last one, and the last quarantined one with its reason. */
export interface TopicActivity {
  platform: Platform
  shop: string
  topic: string
  deliveries: number
  quarantined: number
  lastDeliveryAt: Date
  lastProblem: string | null
  lastProblemAt: Date | null
}

export async function topicActivity(db: AnyDb): Promise<TopicActivity[]> {
  const rows = await sql<{
    platform: Platform
    shop: string
    topic: string
    deliveries: number
    quarantined: number
    last_delivery_at: Date
    last_problem: string | null
    last_problem_at: Date | null
  }>`
    select platform, shop, topic, count(*)::int as deliveries,
           count(*) filter (where outcome = 'quarantined')::int as quarantined,
           max(received_at) as last_delivery_at,
           (array_agg(problem order by received_at desc) filter (where problem is not null))[1] as last_problem,
           max(received_at) filter (where problem is not null) as last_problem_at
    from connector_deliveries
    group by platform, shop, topic
    order by platform, shop, topic`.execute(db)
  return rows.rows.map((r) => ({
    platform: r.platform,
    shop: r.shop,
    topic: r.topic,
    deliveries: r.deliveries,
    quarantined: r.quarantined,
    lastDeliveryAt: new Date(r.last_delivery_at),
    lastProblem: r.last_problem,
    lastProblemAt: r.last_problem_at === null ? null : new Date(r.last_problem_at),
  }))
}

/** Forgets deliveries older than `before` (past every platform's retry window), keeping quarantined ones. */
export async function pruneDeliveries(db: AnyDb, before: Date): Promise<number> {
  const r = await tables(db)
    .deleteFrom('connector_deliveries')
    .where('received_at', '<', before)
    .where('outcome', '<>', 'quarantined')
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}

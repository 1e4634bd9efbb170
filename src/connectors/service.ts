import type { AnyDb } from '../db/index.js'
import type { EventIngestor } from '../events/index.js'
import { startTicker, type Ticker } from '../jobs/index.js'
import type { Privacy } from '../privacy/index.js'
import { PLATFORMS, type Platform } from './migrations.js'
import { PLATFORM_CONNECTORS } from './platforms.js'
import { type IncomingWebhook, type ReceiveDeps, receiveWebhook, type WebhookAnswer } from './receive.js'
import {
  addShop,
  listShops,
  pruneDeliveries,
  removeShop,
  type TopicActivity,
  topicActivity,
} from './store.js'

export interface ConnectorSettings {
  /** REEL_SHOPIFY_WEBHOOK_SECRET / REEL_WOOCOMMERCE_WEBHOOK_SECRET: one shop's secret, for any shop domain. */
  shopifySecret: string | undefined
  woocommerceSecret: string | undefined
}

/** What `reel connectors` and the dashboard show of one platform. */
export interface ConnectorListing {
  platform: Platform
  webhookUrl: string
  topics: readonly string[]
  /** Shops connected one by one, and whether the environment sets a secret for the others. */
  shops: { shop: string; addedAt: Date }[]
  environmentSecret: boolean
  activity: TopicActivity[]
}

export interface Connectors {
  receive(platform: Platform, incoming: IncomingWebhook): Promise<WebhookAnswer>
  addShop(platform: Platform, shop: string, secret: string): Promise<void>
  removeShop(platform: Platform, shop: string): Promise<boolean>
  list(publicUrl: string): Promise<ConnectorListing[]>
  /** Forgets delivery records past every platform's retry window (Shopify retries for 48 hours). */
  prune(): Promise<number>
  /** Prunes the delivery records hourly. */
  startWorker(onError: (error: unknown) => void): Ticker
}

const HOUR_MS = 3_600_000
/** Kept a week: past Shopify's 48 hours of retries, and long enough to see last week's errors. */
const DELIVERY_RECORD_DAYS = 7

export function createConnectors(deps: {
  db: AnyDb
  clock: () => Date
  ingestor: EventIngestor
  privacy: Privacy
  settings: ConnectorSettings
  buyersOfOrders: ReceiveDeps['buyersOfOrders']
}): Connectors {
  const environmentSecret = (platform: Platform) =>
    platform === 'shopify' ? deps.settings.shopifySecret : deps.settings.woocommerceSecret
  const receiveDeps = { ...deps, environmentSecret }
  const prune = () =>
    pruneDeliveries(deps.db, new Date(deps.clock().getTime() - DELIVERY_RECORD_DAYS * 86_400_000))
  return {
    receive: (platform, incoming) =>
      receiveWebhook(receiveDeps, platform, PLATFORM_CONNECTORS[platform], incoming),
    addShop: (platform, shop, secret) => addShop(deps.db, platform, shop, secret, deps.clock()),
    removeShop: (platform, shop) => removeShop(deps.db, platform, shop),
    async list(publicUrl) {
      const [shops, activity] = await Promise.all([listShops(deps.db), topicActivity(deps.db)])
      return PLATFORMS.map((platform) => ({
        platform,
        webhookUrl: `${publicUrl.replace(/\/$/, '')}/v1/connectors/${platform}`,
        topics: PLATFORM_CONNECTORS[platform].topics,
        shops: shops
          .filter((s) => s.platform === platform)
          .map((s) => ({ shop: s.shop, addedAt: s.added_at })),
        environmentSecret: environmentSecret(platform) !== undefined,
        activity: activity.filter((a) => a.platform === platform),
      }))
    },
    startWorker(onError) {
      return startTicker(prune, HOUR_MS, onError)
    },
    prune,
  }
}

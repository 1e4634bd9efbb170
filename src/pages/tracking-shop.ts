/** A shop for the tracking page tests: past deliveries to learn promises from, and one order on its way. */
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import type { RawMessage } from '../events/index.js'
import { buildHttp } from '../http/server.js'
import type { TestEngine } from '../test-support/engines.js'

export const TRACKING_NOW = new Date('2026-11-20T03:00:00.000Z')
const DAY = 86_400_000
const CARRIER = 'CJ Logistics'

/** A product picture the page can show offline: a coloured square with the product's name (CSP allows data:). */
const picture = (label: string, colour: string) =>
  `data:image/svg+xml;base64,${Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240"><rect width="240" height="240" fill="${colour}"/><text x="120" y="130" font-size="26" text-anchor="middle" fill="#fff" font-family="sans-serif">${label}</text></svg>`,
  ).toString('base64')}`

export const PRODUCTS = {
  mat: { name: 'Cork yoga mat', category: 'Yoga', price: 68, colour: '#8a6d3b' },
  strap: { name: 'Cotton yoga strap', category: 'Yoga', price: 14, colour: '#4d7c8a' },
  cleaner: { name: 'Mat cleaning spray', category: 'Yoga', price: 12, colour: '#3f8f5a' },
  blocks: { name: 'Cork blocks (2)', category: 'Yoga', price: 24, colour: '#a35a3c' },
  towel: { name: 'Grip towel', category: 'Yoga', price: 29, colour: '#6a4f8f' },
  bottle: { name: 'Steel bottle', category: 'Outdoor', price: 22, colour: '#2f5d8a' },
  cups: { name: 'Measuring cups', category: 'Kitchen', price: 18, colour: '#8f7a2f' },
} as const
type ProductId = keyof typeof PRODUCTS

const product = (id: ProductId) => ({
  product_id: id,
  name: PRODUCTS[id].name,
  category: PRODUCTS[id].category,
  price: PRODUCTS[id].price,
  url: `https://maru.example/p/${id}`,
  image_url: picture(PRODUCTS[id].name.split(' ')[0] ?? id, PRODUCTS[id].colour),
})

export interface TrackingShop {
  reel: Reel
  app: FastifyInstance
  /** Mina's order on its way, and its tracking link's path. */
  orderId: string
  trackingPath: string
  close(): Promise<void>
}

const at = (t: number) => new Date(t).toISOString()

/**
 * Thirty past orders, delivered by CJ Logistics in two to four days from handover (so the page can promise),
 * with mats bought with cleaning spray and blocks; then Mina's order of a mat and a strap, handed over
 * yesterday and scanned at the Seoul hub.
 */
export async function openTrackingShop(
  engine: TestEngine,
  env: Record<string, string> = {},
): Promise<TrackingShop> {
  const reel = await engine.start({
    clock: () => TRACKING_NOW,
    env: {
      REEL_SHOP_NAME: 'Maru Yoga',
      REEL_DEFAULT_TIMEZONE: 'Asia/Seoul',
      REEL_DEFAULT_CURRENCY: 'USD',
      REEL_SMTP_URL: 'smtp://127.0.0.1:9',
      REEL_SMS_URL: 'http://127.0.0.1:9/sms',
      ...env,
    },
  })
  const now = TRACKING_NOW.getTime()
  const events: RawMessage[] = [
    {
      type: 'identify',
      userId: 'mina',
      messageId: 'identify-mina',
      timestamp: at(now - 40 * DAY),
      traits: { email: 'mina@example.kr', phone: '+821055551234', name: 'Mina Kim', locale: 'en' },
    },
    {
      type: 'identify',
      userId: 'sora',
      messageId: 'identify-sora',
      timestamp: at(now - 40 * DAY),
      traits: { email: 'sora@example.kr', name: '김소라', locale: 'ko-KR' },
    },
  ]
  const baskets: ProductId[][] = [
    ['mat', 'cleaner'],
    ['mat', 'blocks'],
    ['mat', 'cleaner', 'towel'],
    ['bottle'],
    ['cups'],
  ]
  for (let i = 0; i < 30; i++) {
    const placed = now - (35 - i) * DAY
    const orderId = `past-${i}`
    const handed = placed + DAY
    events.push(
      {
        type: 'track',
        event: 'Order Completed',
        userId: `buyer-${i}`,
        messageId: `${orderId}-completed`,
        timestamp: at(placed),
        properties: {
          order_id: orderId,
          total: 80,
          currency: 'USD',
          products: (baskets[i % baskets.length] ?? []).map(product),
        },
      },
      ...(['in_transit', 'delivered'] as const).map((status) => ({
        type: 'track' as const,
        event: 'Shipment Updated',
        userId: `buyer-${i}`,
        messageId: `${orderId}-${status}`,
        timestamp: at(status === 'in_transit' ? handed : handed + (2 + (i % 3)) * DAY),
        properties: {
          order_id: orderId,
          shipment_id: `${orderId}-1`,
          carrier: CARRIER,
          tracking_number: `55${1000 + i}`,
          status,
          destination_region: 'Seoul',
        },
      })),
    )
  }
  const orderId = 'MY-1042'
  events.push(
    {
      type: 'track',
      event: 'Order Completed',
      userId: 'mina',
      messageId: 'mina-completed',
      timestamp: at(now - 2 * DAY),
      properties: {
        order_id: orderId,
        total: 82,
        currency: 'USD',
        products: [product('mat'), { ...product('strap'), quantity: 2 }],
      },
    },
    ...(
      [
        ['info_received', now - 2 * DAY + 3 * 3_600_000, 'Maru warehouse, Incheon'],
        ['in_transit', now - DAY, 'Gyeonggi sorting centre'],
        ['in_transit', now - 0.4 * DAY, 'Seoul hub'],
      ] as const
    ).map(([status, time, location], n) => ({
      type: 'track' as const,
      event: 'Shipment Updated',
      userId: 'mina',
      messageId: `mina-scan-${n}`,
      timestamp: at(time),
      properties: {
        order_id: orderId,
        shipment_id: 'MY-1042-1',
        carrier: CARRIER,
        tracking_number: '6894412230',
        status,
        location,
        destination_region: 'Seoul',
      },
    })),
  )
  await reel.ingestor.ingest(events)
  await reel.shipping.setCare({
    shopUrl: 'https://maru.example',
    helpUrl: 'https://maru.example/help',
    chatUrl: 'https://maru.example/chat',
    social: [
      { label: 'Instagram', url: 'https://instagram.com/maruyoga' },
      { label: 'YouTube', url: 'https://youtube.com/@maruyoga' },
    ],
    blocks: [
      {
        category: 'Yoga',
        title: 'Caring for your cork mat',
        body: 'Wipe it with a damp cloth after practice and let it dry flat, out of the sun.',
        link: { label: 'The full care guide', url: 'https://maru.example/care/cork' },
      },
      { category: 'Kitchen', title: 'Knife care', body: 'Hand wash only.', link: null },
    ],
  })
  const url = await reel.database.db.transaction().execute((tx) => reel.shipping.trackingUrl(tx, orderId))
  const app = await buildHttp(reel, { logger: false })
  return {
    reel,
    app,
    orderId,
    trackingPath: new URL(url).pathname,
    async close() {
      await app.close()
      await reel.close()
    },
  }
}

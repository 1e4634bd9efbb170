import type { RawMessage } from '../events/message.js'
import { createAgenda } from './agenda.js'
import { pickPersona } from './personas.js'
import { createRandom } from './random.js'
import { createDemoShop, type Shopper } from './shop.js'
import { DAY, MINUTE } from './time.js'
import { playVisit, visitStart } from './visits.js'

/** The demo's fixed default end, so two runs without `end` give the same shop (`reel demo` ends now instead). */
export const DEFAULT_DEMO_END = new Date('2026-11-01T00:00:00.000Z')
/** Largest batch the generator yields: the size of one `/v1/batch` call. */
export const DEMO_BATCH_SIZE = 500

export interface DemoShopOptions {
  /** People simulated; about three in four sign up and become customers, the rest stay anonymous. */
  customers: number
  /** Days of history, ending at `end`. */
  days: number
  seed: number
  /** End of the last day (exclusive); defaults to DEFAULT_DEMO_END. Also the ground truth's `asOf`. */
  end?: Date
  /** Messages per batch, at most DEMO_BATCH_SIZE. */
  batchSize?: number
  /** Which shipments are in the shipping holdout (only the shipped message): their buyers ask more. Default: none. */
  shippingHoldout?: (shipmentId: string) => boolean
  /** Told of each shipment when it is planned, before any batch carrying its events is yielded. */
  onShipment?: (shipmentId: string) => void
}

/**
 * The time span of a demo: events fall in [start, end); the ground truth is as of `asOf` = end. Days are UTC
 * days, so that visits keep to the Korean clock: an end in the middle of a day (`reel demo` ends now) cuts its
 * last day short, and the first `days - 1` days are whole.
 */
export function demoWindow(options: Pick<DemoShopOptions, 'days' | 'end'>): {
  start: number
  end: number
  asOf: number
} {
  const end = (options.end ?? DEFAULT_DEMO_END).getTime()
  const lastDayStart = Math.floor((end - 1) / DAY) * DAY
  return { start: lastDayStart - (options.days - 1) * DAY, end, asOf: end }
}

/** A day in [0, days): two in five people are already the shop's visitors when the demo starts. */
function firstDay(random: ReturnType<typeof createRandom>, days: number): number {
  return random.chance(0.4) ? random.int(0, Math.min(13, days - 1)) : random.int(0, days - 1)
}

/**
 * Generates the demo shop as batches of Segment messages in non-decreasing time order, day by day.
 * Streams: only the shoppers' state and the next few weeks of planned events are held in memory.
 * The same options give the same messages, byte for byte (message ids `demo-<seed>-<n>`).
 */
export function* generateDemoShop(options: DemoShopOptions): Generator<RawMessage[], void, undefined> {
  const { customers, days, seed } = options
  const batchSize = Math.min(options.batchSize ?? DEMO_BATCH_SIZE, DEMO_BATCH_SIZE)
  const { start, end } = demoWindow(options)
  const random = createRandom(seed)
  const agenda = createAgenda(start, end)
  const shop = createDemoShop(seed, random, agenda, {
    heldOut: options.shippingHoldout ?? (() => false),
    onShipment: options.onShipment,
  })

  const shoppers: Shopper[] = []
  // visitsOn[day] = the shoppers who visit that day.
  const visitsOn: number[][] = Array.from({ length: days }, () => [])
  for (let index = 0; index < customers; index++) {
    const persona = pickPersona(random)
    const joinDay = firstDay(random, days)
    const life = Number.isFinite(persona.meanLifeDays)
      ? Math.round(random.exponential(persona.meanLifeDays))
      : days
    const signUpOnVisit = persona.signUpVisit
      ? random.int(persona.signUpVisit[0], persona.signUpVisit[1])
      : Infinity
    shoppers.push({
      index,
      persona,
      userId: `member-${String(index + 1).padStart(6, '0')}`,
      anonymousId: shop.newAnonymousId(),
      signedUp: false,
      signUpOnVisit,
      visits: 0,
      orders: 0,
      lastDay: joinDay + life,
      cart: null,
      traits: null,
    })
    visitsOn[joinDay]?.push(index)
  }

  let sent = 0
  let batch: RawMessage[] = []
  for (let day = 0; day < days; day++) {
    const dayStart = start + day * DAY
    for (const index of visitsOn[day] ?? []) {
      const shopper = shoppers[index] as Shopper
      const lastPage = playVisit(shop, shopper, visitStart(shop, dayStart))
      // One visit in fifteen is followed by another later the same day (a separate visit: > 30 min apart).
      if (random.chance(0.07)) playVisit(shop, shopper, lastPage + random.int(45, 180) * MINUTE)
      if (shopper.persona.buysOnce && shopper.orders > 0)
        shopper.lastDay = Math.min(shopper.lastDay, day + random.int(0, 40))
      const next = day + Math.max(1, Math.round(random.exponential(shopper.persona.meanGapDays)))
      // Next visit at least a day later, and only within the shopper's time with the shop.
      if (next < days && next <= shopper.lastDay) visitsOn[next]?.push(index)
    }
    visitsOn[day] = []
    for (const planned of agenda.takeDay(day)) {
      // Post-purchase events come with ids of their own, so the shop's own events keep their numbers.
      if (planned.message.messageId === undefined) {
        planned.message.messageId = `demo-${seed}-${sent}`
        sent += 1
      }
      batch.push(planned.message)
      if (batch.length >= batchSize) {
        yield batch
        batch = []
      }
    }
  }
  if (batch.length > 0) yield batch
}

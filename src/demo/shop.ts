import type { Agenda } from './agenda.js'
import { buildCatalogue, type CatalogueProduct } from './catalogue.js'
import type { OrderLine } from './messages.js'
import type { MemberTraits, Persona } from './personas.js'
import type { ShippingHooks } from './post-purchase.js'
import type { Random } from './random.js'

/** A cart being filled: its id and what is in it. */
export interface OpenCart {
  id: string
  lines: OrderLine[]
}

/** One person of the demo: their habit, who they are to the tracker, and what they are doing now. */
export interface Shopper {
  index: number
  persona: Persona
  /** The member id they get at sign-up (reserved from the start so runs are reproducible). */
  userId: string
  /** The browser id of the device they use now. */
  anonymousId: string
  signedUp: boolean
  /** The visit (1-based) on which they sign up; Infinity for people who never do. */
  signUpOnVisit: number
  visits: number
  orders: number
  /** Their last day in the shop (day index); after it they never come back. */
  lastDay: number
  cart: OpenCart | null
  traits: MemberTraits | null
}

/** What every behaviour of the demo shares: randomness, products, the agenda and id counters. */
export interface DemoShop {
  seed: number
  random: Random
  catalogue: CatalogueProduct[]
  agenda: Agenda
  shipping: ShippingHooks
  /** The next id of a kind, e.g. `order-0000042`. */
  nextId(kind: 'cart' | 'order' | 'review' | 'return'): string
  /** A fresh browser id, shaped like the UUIDs trackers use. */
  newAnonymousId(): string
  /** A product, the popular ones more often. */
  pickProduct(): CatalogueProduct
}

/** Number of products: "a few hundred", like a mid-sized fashion shop. */
export const CATALOGUE_SIZE = 320

/** Without a holdout, every shipment gets the proactive updates. */
const NO_HOLDOUT: ShippingHooks = { heldOut: () => false }

/** Creates the shared state of one demo run. */
export function createDemoShop(
  seed: number,
  random: Random,
  agenda: Agenda,
  shipping: ShippingHooks = NO_HOLDOUT,
): DemoShop {
  const catalogue = buildCatalogue(random, CATALOGUE_SIZE)
  // Popularity order independent of category order: a fixed shuffle of the catalogue.
  const byPopularity = [...catalogue]
  for (let i = byPopularity.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    const a = byPopularity[i] as CatalogueProduct
    byPopularity[i] = byPopularity[j] as CatalogueProduct
    byPopularity[j] = a
  }
  const counters = { cart: 0, order: 0, review: 0, return: 0 }
  const hex = (): string =>
    Math.floor(random.next() * 0x100000000)
      .toString(16)
      .padStart(8, '0')
  return {
    seed,
    random,
    catalogue,
    agenda,
    shipping,
    nextId(kind) {
      counters[kind] += 1
      return `${kind}-${String(counters[kind]).padStart(7, '0')}`
    },
    newAnonymousId() {
      const h = hex() + hex() + hex() + hex()
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
    },
    pickProduct() {
      // A long tail: a quarter of the products get about half of the views.
      const u = random.next()
      return byPopularity[Math.floor(byPopularity.length * u * u)] as CatalogueProduct
    },
  }
}

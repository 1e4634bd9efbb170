import type { CatalogueProduct } from './catalogue.js'
import { identifyMessage, type OrderLine, pageMessage, type Sender, trackMessage } from './messages.js'
import { checkOut, planAftermath } from './ordering.js'
import { inventTraits } from './personas.js'
import type { DemoShop, OpenCart, Shopper } from './shop.js'
import { HOUR, KST_HOURLY_TRAFFIC, MINUTE, SECOND, utcOffsetOfKstHour } from './time.js'

const HOURS = KST_HOURLY_TRAFFIC.map((_, hour) => hour)
const SHOP_URL = 'https://shop.example.kr'

/** When a visit starts within a UTC day, following the Korean day's traffic curve. */
export function visitStart(shop: DemoShop, dayStart: number): number {
  const hour = shop.random.weighted(HOURS, KST_HOURLY_TRAFFIC)
  return dayStart + utcOffsetOfKstHour(hour) + Math.floor(shop.random.next() * HOUR)
}

/** Time spent on one page before the next: 20 seconds to about 4 minutes. */
function dwell(shop: DemoShop): number {
  return shop.random.int(20, 240) * SECOND
}

function productEvent(
  product: CatalogueProduct,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...product, ...extra }
}

/** Signs the shopper in on this device: an identify (linking the browser id) and `Signed In`. */
function signIn(shop: DemoShop, shopper: Shopper, at: number): void {
  const sender = { userId: shopper.userId, anonymousId: shopper.anonymousId }
  shop.agenda.plan(at, identifyMessage(sender, at, shopper.traits ?? {}))
  shop.agenda.plan(at, trackMessage(sender, at, 'Signed In', {}))
}

/** Signs the shopper up: `Signed Up` and the identify that turns their anonymous history into a customer. */
function signUp(shop: DemoShop, shopper: Shopper, at: number): void {
  shopper.signedUp = true
  shopper.traits = inventTraits(shop.random, shopper.userId)
  const sender = { userId: shopper.userId, anonymousId: shopper.anonymousId }
  shop.agenda.plan(at, trackMessage(sender, at, 'Signed Up', { method: 'email' }))
  shop.agenda.plan(at, identifyMessage(sender, at, shopper.traits ?? {}))
}

function addToCart(
  shop: DemoShop,
  shopper: Shopper,
  sender: Sender,
  product: CatalogueProduct,
  at: number,
): OpenCart {
  const cart = shopper.cart ?? { id: shop.nextId('cart'), lines: [] }
  shopper.cart = cart
  const quantity = shop.random.chance(0.9) ? 1 : 2
  const line = cart.lines.find((l) => l.product_id === product.product_id)
  if (line) line.quantity += quantity
  else cart.lines.push({ ...product, quantity })
  shop.agenda.plan(
    at,
    trackMessage(sender, at, 'Product Added', productEvent(product, { cart_id: cart.id, quantity })),
  )
  return cart
}

function removeFromCart(shop: DemoShop, shopper: Shopper, sender: Sender, line: OrderLine, at: number): void {
  const cart = shopper.cart
  if (!cart) return
  const { quantity, ...product } = line
  cart.lines = cart.lines.filter((l) => l !== line)
  shop.agenda.plan(
    at,
    trackMessage(sender, at, 'Product Removed', productEvent(product, { cart_id: cart.id, quantity })),
  )
  if (cart.lines.length === 0) shopper.cart = null
}

/**
 * One visit (a session): a landing page, a few product pages, maybe a sign-in or a sign-up, maybe
 * a cart, maybe an order. Returns the time of its last page, so a come-back later can start after it.
 */
export function playVisit(shop: DemoShop, shopper: Shopper, startAt: number): number {
  const r = shop.random
  const persona = shopper.persona
  shopper.visits += 1
  let at = startAt
  // Moves the visit's clock on by one page's dwell time.
  const step = (): number => {
    at += dwell(shop)
    return at
  }
  const member = { userId: shopper.userId, anonymousId: shopper.anonymousId }
  let sender: Sender = { anonymousId: shopper.anonymousId }
  // Members browse signed in most of the time; a signed-out visit stays anonymous (and buys nothing).
  const signedIn = shopper.signedUp && r.chance(0.88)
  let signInAfterLanding = false
  if (signedIn) {
    if (r.chance(0.04)) {
      // A new phone or laptop: anonymous until the sign-in links the new browser id.
      shopper.anonymousId = shop.newAnonymousId()
      member.anonymousId = shopper.anonymousId
      sender = { anonymousId: shopper.anonymousId }
      signInAfterLanding = true
    } else {
      if (r.chance(0.2)) signIn(shop, shopper, at)
      sender = member
    }
  }

  const landing = r.chance(0.6)
    ? { name: 'Home', url: `${SHOP_URL}/` }
    : { name: 'Category', url: `${SHOP_URL}/category/${r.pick(shop.catalogue).category}` }
  shop.agenda.plan(at, pageMessage(sender, at, landing.name, landing.url))
  if (signInAfterLanding) {
    at += dwell(shop)
    signIn(shop, shopper, at)
    sender = member
  }

  const viewed: CatalogueProduct[] = []
  const views = r.int(1, 3)
  for (let i = 0; i < views; i++) {
    // Now and then the shopper leaves the tab for a while and comes back within the same visit.
    at += r.chance(0.06) ? r.int(8, 28) * MINUTE : dwell(shop)
    const product = shop.pickProduct()
    viewed.push(product)
    shop.agenda.plan(at, trackMessage(sender, at, 'Product Viewed', product))
  }

  if (!shopper.signedUp && shopper.visits >= shopper.signUpOnVisit) {
    at += dwell(shop)
    signUp(shop, shopper, at)
    sender = member
  }

  const firstOrderPending =
    shopper.orders === 0 && (persona.name === 'lapsing' || persona.name === 'one_time')
  const mayBuy =
    !(persona.buysOnce && shopper.orders > 0) &&
    persona.buyChance > 0 &&
    !(shopper.signedUp && !signedIn && sender.userId === undefined)
  const buys = mayBuy && r.chance(firstOrderPending ? 0.6 : persona.buyChance)

  if (buys) {
    const cart = addToCart(shop, shopper, sender, r.pick(viewed), step())
    if (r.chance(0.25)) addToCart(shop, shopper, sender, r.pick(viewed), step())
    if (!shopper.signedUp) {
      // Guest checkout is off: the shop asks for an account at the payment step.
      at += dwell(shop)
      signUp(shop, shopper, at)
      sender = member
    }
    const checkout = checkOut(shop, member, cart, step())
    at = checkout.at
    if (checkout.order) {
      shopper.orders += 1
      shopper.cart = null
      planAftermath(shop, checkout.order)
    }
  } else if (shopper.cart && r.chance(0.1)) {
    // Clears out an old cart.
    for (const line of [...shopper.cart.lines]) removeFromCart(shop, shopper, sender, line, step())
  } else if (r.chance(persona.cartChance)) {
    const product = r.pick(viewed)
    addToCart(shop, shopper, sender, product, step())
    if (r.chance(0.1)) {
      // Changed their mind straight away: the cart is empty again, nothing abandoned.
      const line = shopper.cart?.lines.find((l) => l.product_id === product.product_id)
      if (line) removeFromCart(shop, shopper, sender, line, step())
    }
  }
  return at
}

import type { Reader } from '../locale/index.js'
import type { CareSettings, OrderUpdatesChannel, ShipmentStatus, TrackedOrder } from '../shipping/index.js'
import { blocksFor, categoriesOf, formatDay, formatDayRange } from '../shipping/index.js'
import { formatDate, formatMoney } from './format.js'
import { fill, stringsFor } from './locale.js'
import { renderPage } from './render.js'
import { trackingStrings } from './tracking-strings.js'

/** A product of the recommendation board. */
export interface BoardItem {
  productId: string
  name: string | null
  imageUrl: string | null
  price: number | null
  url: string | null
}

export interface TrackingPageInput {
  tracked: TrackedOrder
  reader: Reader
  base: string
  care: CareSettings
  board: BoardItem[]
  currency: string | null
  /** The channels this customer can be reached on, and the one order updates go by now. */
  channels: readonly OrderUpdatesChannel[]
  chosen: OrderUpdatesChannel
  notice?: string | undefined
  shopName: string
}

/** The shop's link with the campaign tags that credit the tracking page with the visit. */
export function taggedLink(url: string, productId: string): string | null {
  try {
    const link = new URL(url)
    if (link.protocol !== 'https:' && link.protocol !== 'http:') return null
    link.searchParams.set('utm_source', 'reel')
    link.searchParams.set('utm_medium', 'tracking_page')
    link.searchParams.set('utm_campaign', 'post_purchase')
    link.searchParams.set('utm_content', productId)
    return link.toString()
  } catch {
    return null
  }
}

const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null)
const imageOf = (v: unknown) => {
  const url = text(v)
  // What the page's CSP lets load: the shop's pictures over http(s), or pictures inline.
  return url && /^(https?:\/\/|data:image\/)/.test(url) ? url : null
}

/** The order's products as the page lists them: name, image and quantity as the order recorded them. */
function itemsOf(products: readonly unknown[] | null, locale: Reader['locale']) {
  const t = trackingStrings(locale)
  return (products ?? []).flatMap((p) => {
    if (typeof p !== 'object' || p === null) return []
    const r = p as Record<string, unknown>
    const name = text(r.name) ?? text(r.product_id) ?? text(r.sku)
    if (!name) return []
    const quantity =
      typeof r.quantity === 'number' && r.quantity > 1 ? fill(t.quantity, { n: r.quantity }) : null
    return [{ name, image: imageOf(r.image_url), quantity }]
  })
}

/** The headline: the most advanced outbound parcel's state, else the first one's. */
function headlineStatus(tracked: TrackedOrder): ShipmentStatus | null {
  const outbound = tracked.shipments.filter((s) => s.kind === 'outbound')
  const pick = [...(outbound.length > 0 ? outbound : tracked.shipments)].sort((a, b) => a.stage - b.stage)[0]
  return pick?.status ?? null
}

export function renderTracking(input: TrackingPageInput): Promise<string> {
  const { tracked, reader } = input
  const { locale, timeZone } = reader
  const t = trackingStrings(locale)
  const when = (at: number) => formatDate(new Date(at).toISOString(), locale, timeZone, !reader.ownZone)
  const orderLabel = fill(t.orderNumber, { order: tracked.order.order_id })
  const status = headlineStatus(tracked)
  const parcels = tracked.shipments.map((s, i) => ({
    id: s.shipmentId,
    label: fill(t.parcel, { n: i + 1 }),
    status: s.status,
    statusText: t.status[s.status],
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    expected: s.promise
      ? fill(t.expected, {
          range: formatDayRange(s.promise.earliestAt, s.promise.latestAt, locale, timeZone),
        })
      : null,
    latest: s.promise ? fill(t.latest, { date: formatDay(s.promise.promiseAt, locale, timeZone) }) : null,
    unknown: s.deliveredAt === null && s.kind === 'outbound' && !s.promise ? t.expectedUnknown : null,
    timeline: [...s.timeline]
      .reverse()
      .map((step) => ({ status: t.status[step.status], at: when(step.at), location: step.location })),
  }))
  const blocks = blocksFor(input.care, categoriesOf(tracked.order.products ?? []))
  const board = input.board.flatMap((r) => {
    const href = taggedLink(r.url ?? input.care.shopUrl ?? '', r.productId)
    if (!href || !r.name) return []
    return [
      {
        href,
        name: r.name,
        image: imageOf(r.imageUrl),
        price: r.price === null ? null : formatMoney(r.price, input.currency, locale),
      },
    ]
  })
  return renderPage('tracking', {
    t: { ...stringsFor(locale), ...t },
    title: fill(t.title, { order: tracked.order.order_id }),
    order_label: orderLabel,
    headline: status ? t.headline[status] : t.nothingYet,
    notice: input.notice ?? null,
    parcels,
    items: itemsOf(tracked.order.products, locale),
    blocks,
    board,
    chat: input.care.chatUrl,
    help: input.care.helpUrl,
    social: input.care.social,
    base: input.base,
    updates_now: fill(t.updatesNow, { channel: t.channel[input.chosen] }),
    channels: input.channels.map((c) => ({ value: c, label: t.channel[c], chosen: c === input.chosen })),
  })
}

/** `/t`: the lookup forms, with what was typed, an error, or a bare tracking number's status. */
export function renderTrackingFind(
  locale: Reader['locale'],
  options: {
    order?: string
    email?: string
    error?: string
    tracked?: {
      number: string
      parcels: Array<{ status: ShipmentStatus; statusAt: number; carrier: string | null }>
    }
    timeZone: string
  },
): Promise<string> {
  const t = trackingStrings(locale)
  return renderPage('tracking-find', {
    t: stringsFor(locale),
    title: t.findTitle,
    text: t.findText,
    order_label: fill(t.orderNumber, { order: '' }).trim(),
    email_label: t.email,
    find: t.find,
    by_tracking: t.byTracking,
    order: options.order ?? '',
    email: options.email ?? '',
    error: options.error ?? null,
    tracked: options.tracked
      ? {
          label: fill(t.trackingOnly, { number: options.tracked.number }),
          none: t.nothingYet,
          parcels: options.tracked.parcels.map((p) => ({
            status: p.status,
            statusText: t.status[p.status],
            at: formatDate(new Date(p.statusAt).toISOString(), locale, options.timeZone),
            carrier: p.carrier,
          })),
        }
      : null,
  })
}

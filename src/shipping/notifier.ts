import { sql } from 'kysely'
import type { ChannelName, Channels, OutgoingMessage } from '../channels/index.js'
import type { Consent, SendRequest } from '../consent/index.js'
import type { AnyDb } from '../db/index.js'
import { firstNameOf, type Locale, readerOf } from '../locale/index.js'
import type { ShippedOrder } from '../orders/index.js'
import type { Templates } from '../templates/index.js'
import { blocksFor, type CareSettings } from './care.js'
import { inShippingHoldout, type NoticeKind, noticeTemplate, type PlannedShipmentNotice } from './plan.js'
import type { ShipmentState } from './shipment-state.js'
import { formatDay, formatDayRange } from './words.js'

/** A promise as the messages and the page state it. Times in ms. */
export interface StatedPromise {
  promiseAt: number
  earliestAt: number
  latestAt: number
}

/** A product the notice recommends with the order. */
export interface NoticeRecommendation {
  productId: string
  name: string | null
  imageUrl: string | null
  price: number | null
  url: string | null
}

/** What the notices need from the other modules, wired by the composition root (all in the caller's transaction). */
export interface NotifierDeps {
  consent: Pick<Consent, 'decideMany' | 'linksFor'>
  templates: Pick<Templates, 'pick' | 'render'>
  channels: Pick<Channels, 'enqueue' | 'configured' | 'deliveryStates'>
  clock: () => Date
  shopName: string
  defaultTimeZone: string
  holdout: { salt: string; share: number }
  customersOf(db: AnyDb, ids: readonly string[]): Promise<Map<string, { traits: Record<string, unknown> }>>
  ordersWithIds(db: AnyDb, ids: readonly string[]): Promise<ShippedOrder[]>
  recommendationsFor(db: AnyDb, customerId: string, orderId: string): Promise<NoticeRecommendation[]>
  promiseOf(db: AnyDb, shipment: ShipmentState, now: number): Promise<StatedPromise | null>
  trackingUrl(db: AnyDb, orderId: string): Promise<string>
  care(db: AnyDb): Promise<CareSettings>
}

/** Order updates go on the first personal channel the customer's choices let them go on. */
const PREFERRED: readonly ChannelName[] = ['email', 'messenger', 'sms']

/** A notice for a shipment, with its customer. */
export interface ShipmentNotice extends PlannedShipmentNotice {
  shipment: ShipmentState
  customerId: string
}

/** Whether each shipment is in the holdout: assigned on first sight and stored, so it never changes. */
export async function holdoutOf(
  tx: AnyDb,
  holdout: NotifierDeps['holdout'],
  shipmentIds: readonly string[],
  at: Date,
): Promise<Map<string, boolean>> {
  if (shipmentIds.length === 0) return new Map()
  const wanted = shipmentIds.map((id) => ({
    shipment_id: id,
    holdout: inShippingHoldout(holdout.salt, id, holdout.share),
    assigned_at: at.toISOString(),
  }))
  await sql`
    insert into shipment_assignments
    select * from jsonb_populate_recordset(null::shipment_assignments, ${JSON.stringify(wanted)}::jsonb)
    on conflict do nothing`.execute(tx)
  const { rows } = await sql<{ shipment_id: string; holdout: boolean }>`
    select shipment_id, holdout from shipment_assignments where shipment_id = any(${shipmentIds}::text[])`.execute(
    tx,
  )
  return new Map(rows.map((r) => [r.shipment_id, r.holdout]))
}

/**
 * Puts the notices into the outbox in the caller's transaction, each on the customer's chosen channel for
 * order updates (none when they chose none), once per key: a key the outbox already holds is not rendered
 * again. Returns the keys enqueued.
 */
export async function sendShipmentNotices(
  deps: NotifierDeps,
  tx: AnyDb,
  notices: readonly ShipmentNotice[],
): Promise<string[]> {
  if (notices.length === 0) return []
  const known = await deps.channels.deliveryStates(
    tx,
    notices.map((n) => n.idempotencyKey),
  )
  const fresh = notices.filter((n) => !known.has(n.idempotencyKey))
  if (fresh.length === 0) return []
  const now = deps.clock()
  const configured = new Set(deps.channels.configured())
  const channels = [
    ...PREFERRED.filter((c) => configured.has(c)),
    ...PREFERRED.filter((c) => !configured.has(c)),
  ]
  const asks = fresh.flatMap((notice) =>
    channels.map((channel) => ({
      notice,
      request: {
        customerId: notice.customerId,
        channel,
        messageType: 'order_updates',
        at: now,
        quietHours: 'hold',
      } satisfies SendRequest,
    })),
  )
  const decisions = await deps.consent.decideMany(
    tx,
    asks.map((a) => a.request),
  )
  const going = fresh.flatMap((notice) => {
    const i = asks.findIndex((a, j) => a.notice === notice && decisions[j]?.decision === 'send')
    const decision = decisions[i]
    return decision?.decision === 'send' ? [{ notice, request: asks[i]!.request, to: decision.to }] : []
  })
  if (going.length === 0) return []
  const people = await deps.customersOf(tx, [...new Set(going.map((g) => g.notice.customerId))])
  const orders = new Map(
    (await deps.ordersWithIds(tx, [...new Set(going.map((g) => g.notice.shipment.orderId))])).map((o) => [
      o.order_id,
      o,
    ]),
  )
  const links = await deps.consent.linksFor(
    tx,
    going.map((g) => g.request),
  )
  const care = await deps.care(tx)
  const messages: OutgoingMessage[] = []
  const stated: StatedBy[] = []
  for (const [i, { notice, request, to }] of going.entries()) {
    const traits = people.get(notice.customerId)?.traits
    const reader = readerOf(traits, 'en', deps.defaultTimeZone)
    const template = await deps.templates.pick(
      noticeTemplate(notice.kind),
      request.channel,
      reader.locale,
      tx,
    )
    if (!template) continue
    const { shipment } = notice
    const order = orders.get(shipment.orderId)
    const promise = await statedPromise(deps, tx, notice.kind, shipment, now.getTime())
    if (promise) stated.push({ shipmentId: shipment.shipmentId, notice: notice.kind, promise })
    const link = links[i] ?? { unsubscribe: null, preferences: null }
    const rendered = await deps.templates.render(template, {
      customer: { ...traits, id: notice.customerId, name: firstNameOf(traits) },
      order: { id: shipment.orderId, total: order?.total ?? null, currency: order?.currency ?? null },
      shipment: shipmentWords(shipment, promise, reader.locale, reader.timeZone),
      content: blocksFor(care, categoriesOf(shipment.products ?? order?.products ?? [])),
      recommendations: await deps.recommendationsFor(tx, notice.customerId, shipment.orderId),
      links: {
        ...link,
        tracking: await deps.trackingUrl(tx, shipment.orderId),
        help: care.helpUrl,
        chat: care.chatUrl,
      },
      shop: { name: deps.shopName, social: care.social },
    })
    messages.push({
      idempotencyKey: notice.idempotencyKey,
      channel: request.channel,
      customerId: notice.customerId,
      messageType: 'order_updates',
      to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      unsubscribeUrl: link.unsubscribe,
      metadata: {
        shipmentId: shipment.shipmentId,
        orderId: shipment.orderId,
        notice: notice.kind,
        status: shipment.status,
        locale: reader.locale,
      },
    })
  }
  await deps.channels.enqueue(tx, messages)
  await recordPromises(tx, stated, now)
  return messages.map((m) => m.idempotencyKey)
}

interface StatedBy {
  shipmentId: string
  notice: NoticeKind
  promise: StatedPromise
}

/** The promises the messages state, kept to measure them against the deliveries (promise vs actual). */
async function recordPromises(tx: AnyDb, stated: readonly StatedBy[], at: Date): Promise<void> {
  if (stated.length === 0) return
  const rows = stated.map((s) => ({
    shipment_id: s.shipmentId,
    notice: s.notice,
    stated_at: at.toISOString(),
    promise_at: new Date(s.promise.promiseAt).toISOString(),
    earliest_at: new Date(s.promise.earliestAt).toISOString(),
    latest_at: new Date(s.promise.latestAt).toISOString(),
  }))
  await sql`
    insert into shipment_promises
    select * from jsonb_populate_recordset(null::shipment_promises, ${JSON.stringify(rows)}::jsonb)
    on conflict do nothing`.execute(tx)
}

/** A delivered parcel or a return needs no promise; the others state the current one. */
async function statedPromise(
  deps: NotifierDeps,
  tx: AnyDb,
  kind: NoticeKind,
  shipment: ShipmentState,
  now: number,
): Promise<StatedPromise | null> {
  if (shipment.kind === 'return' || kind === 'delivered') return null
  return deps.promiseOf(tx, shipment, now)
}

/** What a template says of the parcel, in the reader's words and on their clock. */
export function shipmentWords(
  shipment: ShipmentState,
  promise: StatedPromise | null,
  locale: Locale,
  timeZone: string,
) {
  return {
    id: shipment.shipmentId,
    status: shipment.status,
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    location: shipment.location,
    promise: promise ? formatDay(promise.promiseAt, locale, timeZone) : null,
    range: promise ? formatDayRange(promise.earliestAt, promise.latestAt, locale, timeZone) : null,
  }
}

/** The categories of an order's products (the product object's `category`). */
export function categoriesOf(products: readonly unknown[]): Set<string> {
  const categories = new Set<string>()
  for (const p of products)
    if (typeof p === 'object' && p !== null) {
      const category = (p as Record<string, unknown>).category
      if (typeof category === 'string' && category.length > 0) categories.add(category)
    }
  return categories
}

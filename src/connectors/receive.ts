import { createHash } from 'node:crypto'
import secureJson from 'secure-json-parse'
import type { AnyDb } from '../db/index.js'
import { ReelError } from '../errors/index.js'
import type { EventIngestor } from '../events/index.js'
import type { Privacy } from '../privacy/index.js'
import { repairText, repairUnstorable } from '../safe-json/index.js'
import { type Connector, type ConnectorContext, type PrivacyRequest, personOfCustomer } from './mapping.js'
import type { Platform } from './migrations.js'
import { signedByAny } from './signature.js'
import { deliveryOf, recordDelivery, shopSecret } from './store.js'

/** A delivery as the HTTP layer hands it over: headers read, body untouched. */
export interface IncomingWebhook {
  shop: string
  topic: string
  /** The platform's id of this delivery (a retry repeats it); absent, the body's digest stands in. */
  deliveryId: string | undefined
  signature: string | undefined
  rawBody: Buffer
}

export interface WebhookAnswer {
  outcome: 'stored' | 'duplicate' | 'quarantined' | 'privacy' | 'ignored'
  accepted: number
  duplicates: number
  /** Where the stored events end in the log (`?after=` on the admin API), null when none were stored. */
  position: string | null
  problem: string | null
}

export interface ReceiveDeps {
  db: AnyDb
  clock: () => Date
  ingestor: EventIngestor
  privacy: Privacy
  /** The secret set in the environment for shops not connected one by one (REEL_SHOPIFY_WEBHOOK_SECRET…). */
  environmentSecret(platform: Platform): string | undefined
  /** Who placed these orders, of those Reel knows (the orders module's buyersOfOrders). */
  buyersOfOrders(db: AnyDb, orderIds: readonly string[]): Promise<Map<string, string>>
}

/** The order a body names without naming its buyer (a refund, a fulfilment): looked up before mapping. */
function orderNamed(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('order_id' in body)) return undefined
  const id = (body as { order_id: unknown }).order_id
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined
}

/** A privacy request's customers: the one it names and the buyers of the orders it lists. */
async function subjectsOf(deps: ReceiveDeps, request: Exclude<PrivacyRequest, { kind: 'erase_shop' }>) {
  const orders = request.kind === 'erase' ? request.ordersToRedact : request.ordersRequested
  const buyers = await deps.buyersOfOrders(deps.db, orders.map(String))
  return [...new Set([request.customerId, ...buyers.values()])]
}

/**
 * Takes one platform webhook: verifies its signature against the shop's secret before reading a byte of
 * it (a wrong one stores nothing), answers a retried delivery from its record, maps the body and writes
 * its events to the log (the projectors follow), fulfils a privacy request, or quarantines a body that
 * does not map. The events' ids are the facts they state, so a retry or a back-fill stores nothing twice.
 */
export async function receiveWebhook(
  deps: ReceiveDeps,
  platform: Platform,
  connector: Connector,
  incoming: IncomingWebhook,
): Promise<WebhookAnswer> {
  const secrets = [await shopSecret(deps.db, platform, incoming.shop), deps.environmentSecret(platform)]
  const known = secrets.filter((s): s is string => s !== undefined)
  if (!signedByAny(incoming.rawBody, known, incoming.signature))
    throw new ReelError(
      'REEL_ERR_WEBHOOK_SIGNATURE',
      known.length === 0
        ? `No webhook secret for ${platform} shop "${incoming.shop}": run reel connectors add ${platform} --shop ${incoming.shop} --secret …`
        : `The signature does not match ${platform} shop "${incoming.shop}"'s webhook secret`,
    )
  const deliveryId = incoming.deliveryId ?? createHash('sha256').update(incoming.rawBody).digest('hex')
  const before = await deliveryOf(deps.db, platform, deliveryId)
  if (before)
    return {
      outcome: 'duplicate',
      accepted: 0,
      duplicates: before.events,
      position: null,
      problem: before.problem,
    }

  const receivedAt = deps.clock()
  const record = (
    outcome: 'stored' | 'quarantined' | 'privacy',
    counts: { events: number; duplicates: number },
    problem: string | null,
    body?: unknown,
  ) =>
    recordDelivery(deps.db, {
      platform,
      deliveryId,
      shop: incoming.shop,
      topic: incoming.topic,
      receivedAt,
      outcome,
      ...counts,
      problem,
      body,
    })

  let body: unknown
  try {
    // A NUL or a lone surrogate (JSON can spell both) is made U+FFFD here, as the tracking API does, so
    // nothing the platform sends stops at the database: not the events, the ids looked up, nor a kept body.
    body = repairUnstorable(
      secureJson.parse(incoming.rawBody.toString('utf8'), undefined, {
        protoAction: 'remove',
        constructorAction: 'remove',
      }),
    ).value
  } catch (error) {
    const problem = `body: not valid JSON (${(error as Error).message})`
    await record('quarantined', { events: 0, duplicates: 0 }, problem, {
      text: repairText(incoming.rawBody.toString('utf8')),
    })
    return { outcome: 'quarantined', accepted: 0, duplicates: 0, position: null, problem }
  }

  const named = orderNamed(body)
  const buyers = named === undefined ? new Map<string, string>() : await deps.buyersOfOrders(deps.db, [named])
  const ctx: ConnectorContext = {
    shop: incoming.shop,
    receivedAt: receivedAt.toISOString(),
    orderBuyer: (orderId) => {
      const customer = buyers.get(orderId)
      return customer === undefined ? undefined : personOfCustomer(customer)
    },
  }
  const mapped = connector.map(incoming.topic, body, ctx)
  const none = { events: 0, duplicates: 0 }
  if (!mapped.ok) {
    if (mapped.problem.kind === 'unsupported_topic') {
      const problem = `topic ${mapped.problem.topic} is not one Reel maps (see docs/connectors.md)`
      await record('stored', none, null)
      return { outcome: 'ignored', accepted: 0, duplicates: 0, position: null, problem }
    }
    const problem = `${mapped.problem.field}: ${mapped.problem.problem}`
    await record('quarantined', none, problem, body)
    return { outcome: 'quarantined', accepted: 0, duplicates: 0, position: null, problem }
  }
  if ('privacy' in mapped) {
    const request = mapped.privacy
    // A self-hosted Reel holds the shop's own data: an uninstalled app's shop/redact is the shop's to
    // act on (reel connectors remove, then erase), not a reason to wipe its history unasked.
    if (request.kind === 'erase_shop') {
      await record('privacy', none, null)
      return {
        outcome: 'ignored',
        accepted: 0,
        duplicates: 0,
        position: null,
        problem: 'shop/redact: recorded, nothing erased',
      }
    }
    for (const subject of await subjectsOf(deps, request))
      await deps.privacy.fulfil({ kind: request.kind, subject, source: `${platform}:${incoming.shop}` })
    await record('privacy', none, null)
    return { outcome: 'privacy', accepted: 0, duplicates: 0, position: null, problem: null }
  }
  // Durable in the log before the answer; a failure here is a 5xx, and the platform retries.
  const result = await deps.ingestor.ingest(mapped.messages, {
    source: platform,
    receivedAt: receivedAt.toISOString(),
    settle: false,
  })
  const problem =
    result.quarantined.length === 0
      ? null
      : result.quarantined.map((q) => `event ${q.index}: ${q.field}: ${q.problem}`).join('; ')
  await record('stored', { events: result.accepted, duplicates: result.duplicates }, problem)
  return {
    outcome: 'stored',
    accepted: result.accepted,
    duplicates: result.duplicates,
    position: result.position,
    problem,
  }
}

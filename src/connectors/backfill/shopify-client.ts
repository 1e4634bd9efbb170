import { setTimeout as delay } from 'node:timers/promises'
import { z } from 'zod'
import { BackfillError } from './backfill-error.js'
import { nextPageUrl } from './link-header.js'
import type { ShopifyBackfillOptions } from './shopify-options.js'
import { backoffMs, callLimitDelayMs, parseCallLimit, retryAfterMs } from './throttle.js'

/** The REST Admin API lists a back-fill reads, in the order it reads them. */
export type ShopifyResource = 'customers' | 'orders'
export const SHOPIFY_RESOURCES: readonly ShopifyResource[] = ['customers', 'orders']

/** The largest page the REST Admin API serves. */
export const PAGE_LIMIT = 250

/** How the client reaches Shopify; every part has a default, tests replace the clock and the network. */
export interface ShopifyClientOptions extends ShopifyBackfillOptions {
  fetch?: typeof fetch
  /** Waits `ms` (the throttle's waits go through it, so a test can count them without waiting). */
  sleep?: (ms: number) => Promise<void>
  /** Milliseconds since the epoch, for Retry-After dates. */
  now?: () => number
  /** Milliseconds one request may take, body included (default 30 s). */
  timeoutMs?: number
  /** Tries of one request that fails with a 5xx, a network error or a timeout (default 5). */
  maxAttempts?: number
  /** 429s one request may meet before the back-fill gives up (default 20). */
  maxThrottledRetries?: number
  /** Aborts the back-fill (Ctrl-C): the request in flight and any wait stop at once. */
  signal?: AbortSignal
}

/** What the client did so far, for the summary. */
export interface ShopifyCallStats {
  /** HTTP requests sent, retries included. */
  calls: number
  /** 429 answers waited out. */
  throttledWaits: number
  /** Waits before a call because the bucket was filling up (X-Shopify-Shop-Api-Call-Limit). */
  pacedWaits: number
  /** Milliseconds spent in both kinds of wait. */
  waitedMs: number
  /** Retries after a 5xx, a network error or a timeout. */
  retries: number
}

/** One page of a list: its objects as Shopify sent them and the URL of the next page (null: the last). */
export interface ShopifyPage {
  objects: unknown[]
  nextUrl: string | null
}

export interface ShopifyClient {
  /** URL of a list's first page of objects changed (customers) or created (orders) since `since`. */
  firstPageUrl(resource: ShopifyResource, since: string): string
  /** Whether a URL (a saved cursor's) is one of this shop's API, so it may be sent the token. */
  isShopUrl(url: string): boolean
  /** Reads one page. */
  readPage(resource: ShopifyResource, url: string): Promise<ShopifyPage>
  /** How many objects the list holds, for the progress bar; undefined if Shopify would not say. */
  count(resource: ShopifyResource, since: string): Promise<number | undefined>
  readonly stats: ShopifyCallStats
}

/** Shopify filters customers by their last change (a customer's new address counts) and orders by creation. */
function sinceFilter(resource: ShopifyResource, since: string): Record<string, string> {
  return resource === 'customers' ? { updated_at_min: since } : { status: 'any', created_at_min: since }
}

const SCOPES: Record<ShopifyResource, string> = {
  customers: 'the read_customers scope',
  // Without read_all_orders Shopify serves only the last 60 days of orders (and says nothing about it).
  orders: 'the read_orders scope (and read_all_orders for orders older than 60 days)',
}

/** A client for one shop's REST Admin API that paces itself by the shop's leaky bucket and retries. */
export function createShopifyClient(options: ShopifyClientOptions): ShopifyClient {
  const fetchImpl = options.fetch ?? fetch
  const signal = options.signal
  const sleep = options.sleep ?? ((ms: number) => delay(ms, undefined, signal ? { signal } : {}))
  const now = options.now ?? Date.now
  const timeoutMs = options.timeoutMs ?? 30_000
  const maxAttempts = options.maxAttempts ?? 5
  const maxThrottledRetries = options.maxThrottledRetries ?? 20
  const apiRoot = `${options.baseUrl ?? `https://${options.shop}`}/admin/api/${options.apiVersion}`
  const stats: ShopifyCallStats = { calls: 0, throttledWaits: 0, pacedWaits: 0, waitedMs: 0, retries: 0 }
  // The wait the last answer's call-limit header asks for, taken before the next call.
  let bucketDelayMs = 0

  const urlOf = (path: string, query: Record<string, string>) =>
    `${apiRoot}/${path}?${new URLSearchParams(query).toString()}`
  const isShopUrl = (url: string) => url.startsWith(`${apiRoot}/`)

  async function wait(ms: number): Promise<void> {
    stats.waitedMs += ms
    await sleep(ms)
  }

  /** GETs a URL of the shop's API until it answers 2xx with JSON, or throws a BackfillError. */
  async function getJson(
    resource: ShopifyResource,
    url: string,
  ): Promise<{ json: unknown; link: string | null }> {
    // A Link header or a saved cursor naming another host must not receive the shop's token.
    if (!isShopUrl(url))
      throw new BackfillError('refused', `refusing to send the access token to ${url}: it is not ${apiRoot}`)
    let failures = 0
    let throttles = 0
    for (;;) {
      if (bucketDelayMs > 0) {
        stats.pacedWaits += 1
        await wait(bucketDelayMs)
        bucketDelayMs = 0
      }
      stats.calls += 1
      let status: number
      let headers: Headers
      let body: string
      try {
        const timeout = AbortSignal.timeout(timeoutMs)
        const response = await fetchImpl(url, {
          headers: { 'X-Shopify-Access-Token': options.token, Accept: 'application/json' },
          // Followed redirects would carry the token along; Shopify's API does not redirect a right URL.
          redirect: 'manual',
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        })
        status = response.status
        headers = response.headers
        body = await response.text()
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error
        failures += 1
        if (failures >= maxAttempts)
          throw new BackfillError(
            'gave-up',
            `${shortUrl(url)} failed ${failures} times (${describeFailure(error, timeoutMs)}); rerun to resume`,
            { cause: error },
          )
        stats.retries += 1
        await wait(backoffMs(failures))
        continue
      }
      bucketDelayMs = callLimitDelayMs(parseCallLimit(headers.get('x-shopify-shop-api-call-limit')))
      if (status === 429) {
        throttles += 1
        if (throttles > maxThrottledRetries)
          throw new BackfillError(
            'gave-up',
            `${shortUrl(url)} was throttled (429) ${throttles} times; rerun later`,
          )
        stats.throttledWaits += 1
        // Retry-After already covers the drain; pacing on top of it would wait twice.
        bucketDelayMs = 0
        await wait(retryAfterMs(headers.get('retry-after'), now()))
        continue
      }
      if (status >= 500) {
        failures += 1
        if (failures >= maxAttempts)
          throw new BackfillError(
            'gave-up',
            `${shortUrl(url)} answered ${status} ${failures} times; Shopify may be down, rerun to resume`,
          )
        stats.retries += 1
        await wait(backoffMs(failures))
        continue
      }
      if (status < 200 || status >= 300) throw refusal(resource, url, status, headers, body)
      try {
        return { json: JSON.parse(body), link: headers.get('link') }
      } catch (error) {
        throw new BackfillError(
          'refused',
          `${shortUrl(url)} answered ${status} with a body that is not JSON`,
          {
            cause: error,
          },
        )
      }
    }
  }

  function refusal(
    resource: ShopifyResource,
    url: string,
    status: number,
    headers: Headers,
    body: string,
  ): BackfillError {
    const said = shopifySays(body)
    const answer = `${status} on ${shortUrl(url)}${said ? `: ${said}` : ''}`
    const shop = options.shop
    switch (status) {
      case 401:
        return new BackfillError(
          'unauthorized',
          `Shopify does not accept the access token for ${shop} (${answer}). Check --token: it must be an Admin API access token (shpat_…) of an app installed on this shop.`,
        )
      case 403:
        return new BackfillError(
          'forbidden',
          `the access token may not read ${resource} of ${shop} (${answer}). The app needs ${SCOPES[resource]}.`,
        )
      case 404:
        return new BackfillError(
          'not-found',
          `no such shop or API version (${answer}). Check --shop (the shop's myshopify.com host name) and --api-version (${options.apiVersion}).`,
        )
      case 402:
        return new BackfillError(
          'shop-unavailable',
          `${shop} is frozen: its Shopify bill is unpaid (${answer}).`,
        )
      case 423:
        return new BackfillError('shop-unavailable', `${shop} is locked by Shopify (${answer}).`)
      case 400:
        if (new URL(url).searchParams.has('page_info'))
          return new BackfillError('stale-cursor', `Shopify no longer takes this page cursor (${answer}).`)
        break
    }
    if (status >= 300 && status < 400)
      return new BackfillError(
        'refused',
        `Shopify redirects ${shortUrl(url)} to ${headers.get('location') ?? 'elsewhere'}; check --shop (the myshopify.com host name, not the shop's own domain).`,
      )
    return new BackfillError('refused', `Shopify refused the request (${answer}).`)
  }

  const pageSchemas = {
    customers: z.object({ customers: z.array(z.unknown()) }).transform((page) => page.customers),
    orders: z.object({ orders: z.array(z.unknown()) }).transform((page) => page.orders),
  }
  const countSchema = z.object({ count: z.number().int().nonnegative() })

  return {
    stats,
    isShopUrl,
    firstPageUrl: (resource, since) =>
      urlOf(`${resource}.json`, { ...sinceFilter(resource, since), limit: String(PAGE_LIMIT) }),
    async readPage(resource, url) {
      const { json, link } = await getJson(resource, url)
      const objects = pageSchemas[resource].safeParse(json)
      if (!objects.success)
        throw new BackfillError('refused', `${shortUrl(url)} answered without a "${resource}" list`)
      const nextUrl = nextPageUrl(link)
      if (nextUrl !== null && !isShopUrl(nextUrl))
        throw new BackfillError('refused', `Shopify's next-page link ${nextUrl} is not on ${apiRoot}`)
      return { objects: objects.data, nextUrl }
    },
    async count(resource, since) {
      try {
        const { json } = await getJson(
          resource,
          urlOf(`${resource}/count.json`, sinceFilter(resource, since)),
        )
        return countSchema.safeParse(json).data?.count
      } catch (error) {
        // The total only feeds the progress bar: a refusal that is not about access must not stop the back-fill.
        if (error instanceof BackfillError && error.problem === 'refused') return undefined
        throw error
      }
    },
  }
}

/** The path and query of a URL: what a message needs to say which call failed. */
function shortUrl(url: string): string {
  const parsed = new URL(url)
  return `${parsed.pathname}${parsed.search}`
}

/** Shopify's own words from an error body (`{"errors": "..."}` or `{"errors": {"field": [...]}}`). */
function shopifySays(body: string): string | undefined {
  try {
    const errors = (JSON.parse(body) as { errors?: unknown }).errors
    if (errors === undefined) return undefined
    const text = typeof errors === 'string' ? errors : JSON.stringify(errors)
    return text.length > 200 ? `${text.slice(0, 200)}…` : text
  } catch {
    return body.trim() === '' ? undefined : body.trim().slice(0, 200)
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return error instanceof Error ? `${error.message}${cause}` : String(error)
}

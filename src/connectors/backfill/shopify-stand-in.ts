/**
 * For tests: a local stand-in for one shop's REST Admin API (node:http on 127.0.0.1, port 0) serving the
 * recorded pages in fixtures/ the way Shopify does: `Link` headers with opaque page_info cursors (with
 * which only `limit` may be passed), `X-Shopify-Shop-Api-Call-Limit`, counts, 401s for a wrong token.
 * Faults (429s, 5xx, stalls) are injected per request.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ShopifyResource } from './shopify-client.js'

export const STAND_IN_TOKEN = 'shpat_stand_in_token'

/** One request the stand-in received. */
export interface LoggedRequest {
  path: string
  query: Record<string, string>
  token: string | undefined
}

/** An answer given once, to the first request it matches, instead of the normal one. */
export interface Fault {
  matches(request: LoggedRequest): boolean
  status?: number
  headers?: Record<string, string>
  body?: string
  /** Never answer (the client's timeout must end the request). */
  stall?: boolean
}

export interface StandInOptions {
  token?: string
  pages?: Record<ShopifyResource, unknown[][]>
  faults?: Fault[]
  /** The call-limit header of the nth answer (1-based); default `1/40`. */
  callLimit?: (n: number) => string
}

export interface ShopifyStandIn {
  /** `http://127.0.0.1:PORT`: the `baseUrl` standing in for `https://SHOP`. */
  baseUrl: string
  requests: LoggedRequest[]
  /** Requests for list pages only (no counts), as `customers#1`, `orders#3`. */
  pagesServed(): string[]
  faults: Fault[]
  close(): Promise<void>
}

const fixture = (name: string): unknown[] => {
  const body = JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'))
  return Object.values(body as Record<string, unknown[]>)[0] ?? []
}

/** The recorded shop: customers in 2 pages (2 + 2), orders in 3 (2 + 2 + 1). */
export const RECORDED_PAGES: Record<ShopifyResource, unknown[][]> = {
  customers: [fixture('customers-1'), fixture('customers-2')],
  orders: [fixture('orders-1'), fixture('orders-2'), fixture('orders-3')],
}

// Opaque to the client, as Shopify's are; the stand-in reads back which page it names.
const pageInfo = (resource: ShopifyResource, page: number) =>
  Buffer.from(JSON.stringify({ resource, page, direction: 'next' })).toString('base64url')
const pageOf = (token: string): { resource: string; page: number } | undefined => {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/** Starts the stand-in; `close()` it after the test. */
export async function startShopifyStandIn(options: StandInOptions = {}): Promise<ShopifyStandIn> {
  const token = options.token ?? STAND_IN_TOKEN
  const pages = options.pages ?? RECORDED_PAGES
  const faults = [...(options.faults ?? [])]
  const requests: LoggedRequest[] = []
  let answered = 0
  let baseUrl = ''

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    answered += 1
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Shopify-Shop-Api-Call-Limit': options.callLimit?.(answered) ?? '1/40',
      ...headers,
    })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl)
    const header = req.headers['x-shopify-access-token']
    const logged: LoggedRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      token: typeof header === 'string' ? header : undefined,
    }
    requests.push(logged)
    const fault = faults.find((f) => f.matches(logged))
    if (fault) {
      faults.splice(faults.indexOf(fault), 1)
      if (fault.stall) return // the socket stays open, unanswered, until the client gives up
      return send(res, fault.status ?? 500, fault.body ?? '{"errors":"Internal Server Error"}', fault.headers)
    }
    if (logged.token !== token)
      return send(res, 401, {
        errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
      })
    const route = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/(customers|orders)(\/count)?\.json$/.exec(
      url.pathname,
    )
    if (!route) return send(res, 404, { errors: 'Not Found' })
    const resource = route[2] as ShopifyResource
    const list = pages[resource]
    if (route[3]) return send(res, 200, { count: list.flat().length })
    const cursor = url.searchParams.get('page_info')
    let index = 0
    if (cursor !== null) {
      const extra = [...url.searchParams.keys()].filter((key) => key !== 'page_info' && key !== 'limit')
      if (extra.length > 0)
        return send(res, 400, {
          errors: { page_info: [`${extra.join(', ')} cannot be passed with page_info`] },
        })
      const named = pageOf(cursor)
      if (named?.resource !== resource || !(named.page >= 1 && named.page < list.length))
        return send(res, 400, { errors: { page_info: ['Invalid value.'] } })
      index = named.page
    }
    const limit = url.searchParams.get('limit') ?? '50'
    const link = (page: number, rel: string) =>
      `<${baseUrl}${url.pathname}?page_info=${pageInfo(resource, page)}&limit=${limit}>; rel="${rel}"`
    const links = [
      ...(index > 0 ? [link(index - 1, 'previous')] : []),
      ...(index + 1 < list.length ? [link(index + 1, 'next')] : []),
    ]
    send(res, 200, { [resource]: list[index] ?? [] }, links.length > 0 ? { Link: links.join(', ') } : {})
  }

  const server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    baseUrl,
    requests,
    faults,
    pagesServed: () =>
      requests.flatMap((r) => {
        const route = /\/(customers|orders)\.json$/.exec(r.path)
        if (!route) return []
        const page = r.query.page_info ? (pageOf(r.query.page_info)?.page ?? -1) + 1 : 1
        return [`${route[1]}#${page}`]
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

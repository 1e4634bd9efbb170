import { isIP } from 'node:net'

/** How the HTTP server guards itself and which web pages may send it events. */
export interface HttpSettings {
  /** A client must have sent its request headers within this many ms of connecting (Node's headersTimeout). */
  headersTimeoutMs: number
  /** A client must have sent its whole request, body included, within this many ms (Node's requestTimeout). */
  requestTimeoutMs: number
  /** A socket with no traffic for this many ms is closed, whatever it is doing (Fastify's connectionTimeout). */
  idleTimeoutMs: number
  /** An idle keep-alive connection is closed after this many ms (Node's keepAliveTimeout). */
  keepAliveTimeoutMs: number
  /** Web page origins allowed to send events from a browser: `['*']` for any, else exact or `*.` patterns. */
  corsOrigins: string[]
  /** Ingestion requests a minute with one write key (0: no limit). */
  rateLimitPerKey: number
  /** Ingestion requests a minute from one client address (0: no limit). */
  rateLimitPerIp: number
  /** Which proxies' `X-Forwarded-For` to believe for a client's address (Fastify's trustProxy). */
  trustProxy: boolean | string
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  // Above the 60 s idle timeout of common load balancers, so they never reuse a connection Reel just closed.
  keepAliveTimeoutMs: 72_000,
  corsOrigins: ['*'],
  // A shop's browser traffic arrives under one key from many addresses: the key's limit is the larger one.
  rateLimitPerKey: 60_000,
  rateLimitPerIp: 6_000,
  trustProxy: false,
}

/** Names of address ranges Fastify's trustProxy understands. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/**
 * Reads `REEL_TRUST_PROXY`: `true`/`false`, or the proxies' addresses, CIDR ranges and range names
 * (`loopback`, `linklocal`, `uniquelocal`), comma-separated; throws naming an entry that is none of them.
 */
export function parseTrustProxy(text: string): boolean | string {
  const value = text.trim()
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  const entries = value.split(',').map((entry) => entry.trim())
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/')
    const family = isIP(address)
    const prefixOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32))
    if (!RANGE_NAMES.includes(entry) && (family === 0 || !prefixOk || extra !== undefined))
      throw new Error(`"${entry}" is not an address, a CIDR range or one of ${RANGE_NAMES.join(', ')}`)
  }
  return entries.join(',')
}

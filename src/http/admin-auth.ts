/**
 * Who may call the admin API: the bearer admin token (scripts; every right), or a dashboard session cookie
 * whose role allows the route, with the session's CSRF token on every call that changes something.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ReelError } from '../errors/index.js'
import { hasRole, type Role, type Session, type Users } from '../users/index.js'

/** The OpenAPI security of every admin route: the bearer token or a session cookie. */
export const ADMIN_SECURITY: Record<string, string[]>[] = [{ adminToken: [] }, { sessionCookie: [] }]

export const SESSION_COOKIE = 'reel_session'
export const CSRF_HEADER = 'x-csrf-token'

const READS = new Set(['GET', 'HEAD'])

/**
 * The route areas (the path's first part after /api/v1) where a marketer may change things: running
 * campaigns, coupons and message templates. Every other change needs an admin (keys, channels, users, and
 * whatever is added later until it is listed here); every read, a viewer.
 */
const MARKETER_AREAS = new Set([
  'campaigns',
  'recommendations',
  'shipping',
  'predictions',
  'uplift-models',
  'coupon-templates',
  'coupons',
  'gifts',
  'message-templates',
  'messages',
])
const MARKETER_ROUTES = new Set(['/api/v1/customers/:id/wallet-link'])
/**
 * Areas an admin alone may even read: who may sign in, the write keys, which are credentials, and the
 * privacy requests, whose exports hold a customer's data.
 */
const ADMIN_AREAS = new Set(['users', 'write-keys', 'shipping-webhook', 'privacy-requests'])

/** The least role a call needs: `routeUrl` is the route's pattern (`/api/v1/campaigns/:id`). */
export function minimumRoleFor(method: string, routeUrl: string): Role {
  const area = routeUrl.replace(/^\/api\/v1\//, '').split('/')[0] ?? ''
  if (ADMIN_AREAS.has(area)) return 'admin'
  if (READS.has(method)) return 'viewer'
  return MARKETER_AREAS.has(area) || MARKETER_ROUTES.has(routeUrl) ? 'marketer' : 'admin'
}

export function sameSecret(given: string, expected: string | undefined): boolean {
  if (expected === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The session token in a Cookie header, if there is one. */
export function sessionTokenOf(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === SESSION_COOKIE && value.length > 0) return value.join('=') || null
  }
  return null
}

/** Who may be signed in: the dashboard's users and their sessions. */
export interface SessionSource {
  users: Pick<Users, 'session'>
}

/** What the admin API's callers are checked against: the admin token and the dashboard's sessions. */
export interface AdminAuthSources extends SessionSource {
  /** The token the admin API accepts now (read at each call, so a rotation takes effect at once). */
  currentAdminToken(): Promise<string | undefined>
}

/** The live session of the request's cookie, or null. */
export async function sessionOf({ users }: SessionSource, request: FastifyRequest): Promise<Session | null> {
  const token = sessionTokenOf(request.headers.cookie)
  return token ? users.session(token) : null
}

/** Refuses a state-changing call whose X-CSRF-Token is not the session's. */
export function checkCsrf(request: FastifyRequest, session: Session): void {
  if (READS.has(request.method)) return
  const given = request.headers[CSRF_HEADER]
  if (typeof given !== 'string' || !sameSecret(given, session.csrfToken))
    throw new ReelError(
      'REEL_ERR_CSRF',
      `headers.${CSRF_HEADER}: send the csrfToken of your session (from GET /api/v1/session)`,
    )
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who makes an admin API request: the signed-in user's e-mail, or `admin token` (set by its hook). */
    adminCaller: string
  }
}

/** The admin API's onRequest hook; it names the caller in `request.adminCaller`. */
export function authenticateAdmin(sources: AdminAuthSources) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const authorization = request.headers.authorization
    if (authorization !== undefined) {
      // The scheme is case-insensitive (RFC 9110), as in the wallet API.
      const [scheme, token] = authorization.split(' ')
      if (
        scheme?.toLowerCase() === 'bearer' &&
        token &&
        sameSecret(token, await sources.currentAdminToken())
      ) {
        request.adminCaller = 'admin token'
        return
      }
    } else {
      const session = await sessionOf(sources, request)
      if (session) {
        checkCsrf(request, session)
        const needed = minimumRoleFor(request.method, request.routeOptions.url ?? '')
        if (!hasRole(session.user.role, needed))
          throw new ReelError(
            'REEL_ERR_FORBIDDEN',
            `This needs the ${needed} role or above; ${session.user.email} is a ${session.user.role}`,
          )
        request.adminCaller = session.user.email
        return
      }
    }
    throw new ReelError(
      'REEL_ERR_UNAUTHORIZED',
      'Sign in (POST /api/v1/session), or send the admin token as "Authorization: Bearer <token>"',
    )
  }
}

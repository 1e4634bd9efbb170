/**
 * Dashboard sign-in: POST makes a session and its HttpOnly SameSite=Strict cookie, GET tells who is signed
 * in and the CSRF token, DELETE signs out. Sign-ins are rate-limited per client address and per e-mail.
 */
import rateLimit from '@fastify/rate-limit'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ReelError } from '../errors/index.js'
import { ROLES, type Session, type Users } from '../users/index.js'
import { checkCsrf, SESSION_COOKIE, sessionOf, sessionTokenOf } from './admin-auth.js'
import { privateJsonHeaders, refuseUndeclaredQuery } from './request-guards.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The session of GET and DELETE /api/v1/session, once its cookie is checked. */
    dashboardSession: Session | null
  }
}

const MINUTE_MS = 60_000
/** Sign-in attempts from one address a minute: enough for a shop's office behind one NAT address. */
const SIGN_INS_PER_ADDRESS = 30
/** Sign-in attempts for one e-mail in 15 minutes: a guesser gets 40 tries an hour, a person never waits. */
const SIGN_INS_PER_EMAIL = 10

const sessionBody = z.object({
  user: z.object({ email: z.string(), role: z.enum(ROLES) }),
  csrfToken: z.string().describe('Send it as the X-CSRF-Token header on every call that changes something'),
})
const security = [{ sessionCookie: [] }]

const bodyOf = (session: Session) => ({ user: session.user, csrfToken: session.csrfToken })

function setCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number) {
  // Secure only over https (as Fastify sees it, through REEL_TRUST_PROXY), so http://localhost still works.
  const secure = request.protocol === 'https' ? '; Secure' : ''
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`,
  )
}

export interface SessionRoutesOptions {
  users: Pick<Users, 'session' | 'signIn' | 'signOut'>
  /** How long a session lasts (REEL_SESSION_MAX_DAYS), which is how long its cookie lives. */
  sessionMaxDays: number
}

export const sessionRoutes: FastifyPluginAsync<SessionRoutesOptions> = async (
  app,
  { users, sessionMaxDays },
) => {
  app.addHook('onRequest', privateJsonHeaders)
  app.addHook('preValidation', refuseUndeclaredQuery)
  await app.register(rateLimit, { global: false })
  const perAddress = app.createRateLimit({ max: SIGN_INS_PER_ADDRESS, timeWindow: MINUTE_MS })
  const perEmail = app.createRateLimit({
    max: SIGN_INS_PER_EMAIL,
    timeWindow: 15 * MINUTE_MS,
    keyGenerator: (request) => `email:${String((request.body as { email?: unknown }).email).toLowerCase()}`,
  })
  async function limit(limiter: typeof perEmail, request: FastifyRequest, reply: FastifyReply, who: string) {
    const state = await limiter(request)
    if (state.isAllowed || !state.isExceeded) return
    const seconds = Math.max(1, state.ttlInSeconds)
    reply.header('Retry-After', String(seconds))
    throw new ReelError('REEL_ERR_RATE_LIMITED', `Too many sign-in attempts ${who}; retry in ${seconds} s`)
  }

  // Resolved before the request is validated, so a signed-out call is a 401 whatever else is wrong with it.
  app.decorateRequest('dashboardSession', null)
  async function requireSession(request: FastifyRequest): Promise<void> {
    request.dashboardSession = await sessionOf({ users }, request)
    if (!request.dashboardSession)
      throw new ReelError('REEL_ERR_UNAUTHORIZED', 'Not signed in, or the session has ended')
  }
  // Set by requireSession, the route's onRequest hook, before the handler runs.
  const signedIn = (request: FastifyRequest) => request.dashboardSession as Session

  const typed = app.withTypeProvider<ZodTypeProvider>()
  typed.post(
    '/session',
    {
      schema: {
        description:
          'Signs in to the dashboard: sets the `reel_session` cookie (HttpOnly, SameSite=Strict, Secure over https) and answers the CSRF token. A wrong e-mail or password is one 401; attempts are limited per address and per e-mail (429 with Retry-After).',
        tags: ['session'],
        body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) }),
        response: { 200: sessionBody },
      },
    },
    async (request, reply) => {
      await limit(perAddress, request, reply, 'from this address')
      await limit(perEmail, request, reply, 'for this e-mail')
      const signedIn = await users.signIn(request.body.email, request.body.password)
      if (!signedIn) throw new ReelError('REEL_ERR_UNAUTHORIZED', 'Wrong e-mail or password')
      // The browser keeps it for the longest a session lives; the server ends it earlier when idle.
      setCookie(request, reply, signedIn.token, Math.ceil(sessionMaxDays * 86_400))
      return bodyOf(signedIn.session)
    },
  )

  typed.get(
    '/session',
    {
      schema: {
        description: 'Who is signed in, and the CSRF token of the session; 401 when signed out or ended.',
        tags: ['session'],
        security,
        response: { 200: sessionBody },
      },
      onRequest: requireSession,
    },
    async (request) => bodyOf(signedIn(request)),
  )

  typed.delete(
    '/session',
    {
      schema: {
        description: 'Signs out: ends the session (send X-CSRF-Token) and clears the cookie.',
        tags: ['session'],
        security,
        response: { 204: z.null().describe('Signed out') },
      },
      onRequest: requireSession,
    },
    async (request, reply) => {
      checkCsrf(request, signedIn(request))
      await users.signOut(sessionTokenOf(request.headers.cookie) ?? '')
      setCookie(request, reply, '', 0)
      return reply.code(204).send(null)
    },
  )
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ReelError } from '../errors/index.js'
import { findUnstorable } from '../safe-json/index.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route checks its own body's text fields and answers a refusal next to the field (a page's form,
     * shown again as typed); the boundary check leaves its body to it.
     */
    checksOwnBodyText?: boolean
  }
}

/**
 * Refuses a request whose path parameters, query string or body hold a string or an object key the
 * database cannot store (a NUL character, a lone UTF-16 surrogate) or nesting deeper than 64 levels,
 * naming the field. Ingestion (`/v1/…`) is exempt: it stores such events repaired and says so.
 */
export async function refuseUnstorableInput(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.url?.startsWith('/v1/')) return
  const ownBody = request.routeOptions.config.checksOwnBodyText === true
  const parts = [
    ['params', request.params],
    ['querystring', request.query],
    ...(ownBody ? [] : ([['body', request.body]] as const)),
  ] as const
  for (const [part, value] of parts) {
    const found = findUnstorable(value, part)
    if (found) throw new ReelError('REEL_ERR_INVALID_REQUEST', `${found.field}: ${found.problem}`, [found])
  }
}

/**
 * Refuses query parameters on a route that declares none; routes that declare them use strict schemas,
 * so a mistyped filter (`?customer=` for `?owner=`) is a 400 rather than silently ignored.
 */
export async function refuseUndeclaredQuery(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.schema?.querystring) return
  const [name] = Object.keys(request.query as object)
  if (name !== undefined)
    throw new ReelError('REEL_ERR_INVALID_REQUEST', `querystring.${name}: this route takes no parameters`, [
      { field: `querystring.${name}`, problem: 'this route takes no parameters' },
    ])
}

/** Headers on every answer of the admin and wallet APIs: they hold e-mail addresses and phone numbers. */
export async function privateJsonHeaders(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff')
}

/**
 * JSON bodies as Fastify parses them (`__proto__` and `constructor.prototype` keys refused), except that
 * an empty body is no body, so an action POST sent with `Content-Type: application/json` and nothing
 * else is accepted, and a refusal says what is wrong with the body.
 */
export function parseJsonBodies(app: FastifyInstance): void {
  const strict = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body)
    if (text.trim() === '') return done(null, undefined)
    strict(request, text, (error: Error | null, value?: unknown) => {
      if (!error) return done(null, value)
      let reason = 'a "__proto__" or "constructor.prototype" key, which is not accepted'
      try {
        JSON.parse(text)
      } catch (syntax) {
        reason = `not valid JSON (${(syntax as Error).message})`
      }
      done(new ReelError('REEL_ERR_INVALID_JSON', `body: ${reason}`), undefined)
    })
  })
}

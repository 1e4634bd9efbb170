import type { FastifyReply, FastifyRequest } from 'fastify'
import { ReelError } from '../errors/index.js'
import { type Projector, parsePosition } from '../events/index.js'

function declaresAfter(request: FastifyRequest): boolean {
  const schema = request.routeOptions.schema?.querystring as { shape?: Record<string, unknown> } | undefined
  return schema?.shape !== undefined && 'after' in schema.shape
}

/** How long `?after=` waits for the projectors before answering that they have not got there yet. */
export const READ_AFTER_WAIT_MS = 5000

/**
 * Read-your-writes for the admin API: `?after=POSITION` (the `position` a tracking call answered with)
 * holds the request until the projectors have passed that position, so what it reads includes those
 * events. Bounded: past the wait it answers 503 with Retry-After, and nothing is read half-projected.
 * The parameter is taken off the query before the route's own schema sees it, except on the lists whose
 * page cursor is already called `after` (the events and the quarantine, which read the log itself).
 */
export function readAfter(projector: Projector, waitMs = READ_AFTER_WAIT_MS) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const query = request.query as Record<string, unknown> | undefined
    if (!query || !('after' in query) || declaresAfter(request)) return
    const { after, ...rest } = query
    request.query = rest
    const position = typeof after === 'string' ? parsePosition(after) : null
    if (!position)
      throw new ReelError('REEL_ERR_INVALID_REQUEST', 'querystring.after: not a log position', [
        { field: 'querystring.after', problem: 'a log position such as 12345.678, as /v1 answered it' },
      ])
    if (await projector.waitFor(position, waitMs)) return
    reply.header('retry-after', '1')
    throw new ReelError('REEL_ERR_NOT_YET_PROJECTED')
  }
}

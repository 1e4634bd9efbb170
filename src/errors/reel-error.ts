import { ERRORS, type ErrorCode } from './registry.js'

/**
 * An error meant for the client: a registered code, the status the registry gives it, a message (the
 * registry's unless given) and optional details. Modules' client-facing errors extend it; the HTTP layer
 * answers every one the same way.
 */
export class ReelError extends Error {
  readonly status: number
  /** The same status, under the name Fastify and the HTML pages' error handlers read. */
  readonly statusCode: number
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERRORS[code].message)
    this.status = ERRORS[code].status
    this.statusCode = this.status
  }
}

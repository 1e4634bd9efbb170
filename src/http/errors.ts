import type { ErrorCode } from '../errors/index.js'

/** The body of every error response. */
export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } }
}

/**
 * Every error Reel's HTTP API answers with: a stable code, its status and what it means.
 * Clients match on `code`; the message may change.
 */
export const ERRORS = {
  REEL_ERR_INVALID_JSON: { status: 400, message: 'The body is not valid JSON' },
  REEL_ERR_NO_BATCH: { status: 400, message: 'The body has no "batch" array' },
  REEL_ERR_INVALID_REQUEST: { status: 400, message: 'The request does not match the schema' },
  REEL_ERR_BAD_ENCODING: { status: 400, message: 'The body could not be decompressed' },
  REEL_ERR_UNSUPPORTED_ENCODING: { status: 415, message: 'Only gzip and identity encodings are accepted' },
  REEL_ERR_UNAUTHORIZED: { status: 401, message: 'Missing or unknown credentials' },
  REEL_ERR_NOT_FOUND: { status: 404, message: 'Not found' },
  REEL_ERR_BODY_TOO_LARGE: { status: 413, message: 'The body is over the 500 KB limit' },
  REEL_ERR_OVERLOADED: { status: 429, message: 'Too many requests at once; retry after the given delay' },
  REEL_ERR_INTERNAL: { status: 500, message: 'Internal error; nothing was acknowledged' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

/** An error that becomes a JSON error response with its registered status. */
export class ReelHttpError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERRORS[code].message)
    this.status = ERRORS[code].status
  }
}

/** The body of every error response. */
export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } }
}

/** Why a back-fill stopped without finishing: the CLI prints the message and exits 1. */
export type BackfillProblem =
  /** An option is missing or malformed (the message names it). */
  | 'invalid-option'
  /** 401: Shopify does not know the access token. */
  | 'unauthorized'
  /** 403: the token lacks a scope (read_customers, read_orders). */
  | 'forbidden'
  /** 404: no such shop, or no such API version. */
  | 'not-found'
  /** 402 / 423: the shop is frozen or locked. */
  | 'shop-unavailable'
  /** Another answer Shopify gives for a request that will not get better by retrying. */
  | 'refused'
  /** Retries (5xx, network errors, timeouts, 429s) ran out. */
  | 'gave-up'
  /** 400 on a page_info URL: Shopify no longer takes a saved cursor. */
  | 'stale-cursor'
  /** The user stopped it (Ctrl-C); the pages written so far are kept and a rerun resumes. */
  | 'interrupted'
  /** The saved cursor cannot be read. */
  | 'bad-cursor'

/**
 * A back-fill that cannot go on, with a message for the shop owner. Like ImportError it is a CLI error,
 * not an HTTP answer, so it carries no registered REEL_ERR code.
 */
export class BackfillError extends Error {
  override readonly name = 'BackfillError'
  constructor(
    readonly problem: BackfillProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

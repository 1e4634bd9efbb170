/** What the registry holds for a code: the HTTP status it answers with and its default message. */
export interface ErrorSpec {
  readonly status: number
  readonly message: string
}

/**
 * Every error Reel answers clients with, from every module: a stable code, its status and what it means.
 * Clients match on `code`; the message may change. Each code is documented in docs/errors.md (a test checks).
 */
export const ERRORS = {
  // Requests: the body, its encoding and the schema
  REEL_ERR_INVALID_JSON: { status: 400, message: 'The body is not valid JSON' },
  REEL_ERR_NO_BATCH: { status: 400, message: 'The body has no "batch" array' },
  REEL_ERR_INVALID_REQUEST: { status: 400, message: 'The request does not match the schema' },
  REEL_ERR_BAD_ENCODING: { status: 400, message: 'The body could not be decompressed' },
  REEL_ERR_UNSUPPORTED_ENCODING: { status: 415, message: 'Only gzip and identity encodings are accepted' },
  REEL_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'The body is of a media type this route does not take',
  },
  // Credentials, roles and origins
  REEL_ERR_UNAUTHORIZED: { status: 401, message: 'Missing or unknown credentials' },
  REEL_ERR_CSRF: {
    status: 403,
    message:
      'A call that changes something with a session cookie needs the header X-CSRF-Token of its session',
  },
  REEL_ERR_WEBHOOK_SIGNATURE: {
    status: 401,
    message: "The webhook's signature is missing or does not match the shop's secret",
  },
  REEL_ERR_FORBIDDEN: { status: 403, message: 'Your role may not do this' },
  REEL_ERR_ORIGIN_NOT_ALLOWED: { status: 403, message: 'The web page’s origin is not in REEL_CORS_ORIGINS' },
  // What the request names
  REEL_ERR_NOT_FOUND: { status: 404, message: 'Not found' },
  REEL_ERR_CONFLICT: { status: 409, message: 'What stands now does not allow this' },
  // Limits
  REEL_ERR_BODY_TOO_LARGE: { status: 413, message: 'The body is over the 500 KB limit' },
  REEL_ERR_OVERLOADED: { status: 429, message: 'Too many requests at once; retry after the given delay' },
  REEL_ERR_RATE_LIMITED: { status: 429, message: 'Too many requests a minute; retry after the given delay' },
  // Reel's own failure
  REEL_ERR_INTERNAL: { status: 500, message: 'Internal error; nothing was acknowledged' },
  REEL_ERR_NOT_YET_PROJECTED: {
    status: 503,
    message: 'The events up to ?after= are stored but not yet projected; retry after the given delay',
  },
  // Message templates (src/templates)
  REEL_ERR_TEMPLATE_NAME_TAKEN: {
    status: 409,
    message: 'Another message template has this name, channel and locale',
  },
  // Coupons (src/coupons): redemption refusals, then templates and gifting
  REEL_ERR_COUPON_NOT_FOUND: { status: 404, message: 'No such coupon' },
  REEL_ERR_COUPON_NOT_OWNER: { status: 403, message: 'The coupon belongs to another customer' },
  REEL_ERR_COUPON_ALREADY_REDEEMED: {
    status: 409,
    message: 'The coupon was already redeemed on another order',
  },
  REEL_ERR_COUPON_GIFT_PENDING: { status: 409, message: 'The coupon is being gifted' },
  REEL_ERR_COUPON_EXPIRED: { status: 409, message: 'The coupon has expired' },
  REEL_ERR_COUPON_VOID: { status: 409, message: 'The coupon was voided' },
  REEL_ERR_COUPON_BELOW_MINIMUM: { status: 422, message: 'The order is below the coupon’s minimum' },
  REEL_ERR_COUPON_CURRENCY_MISMATCH: {
    status: 422,
    message: 'The order is in another currency than the coupon',
  },
  REEL_ERR_COUPON_TEMPLATE_NOT_FOUND: { status: 404, message: 'No such coupon template' },
  REEL_ERR_COUPON_TEMPLATE_ARCHIVED: { status: 409, message: 'The template is archived' },
  REEL_ERR_COUPON_NOT_GIFTABLE: { status: 409, message: 'The coupon cannot be gifted (again)' },
  REEL_ERR_COUPON_NOT_ISSUED: { status: 409, message: 'The coupon is not in a state that allows this' },
  REEL_ERR_COUPON_NOT_A_MEMBER: { status: 422, message: 'Coupons belong to members only' },
  // Gifts (src/coupons)
  REEL_ERR_GIFT_NOT_FOUND: { status: 404, message: 'No such gift' },
  REEL_ERR_GIFT_NOT_PENDING: {
    status: 409,
    message: 'The gift was already claimed, declined, cancelled or expired',
  },
  REEL_ERR_GIFT_TO_SELF: { status: 409, message: 'A member cannot gift to or claim from themselves' },
  REEL_ERR_GIFT_NOT_FOR_YOU: { status: 403, message: 'The gift is addressed to someone else' },
  // Campaigns (src/campaigns)
  REEL_ERR_CAMPAIGN_CANNOT_TRAIN: {
    status: 409,
    message: 'The campaign has no exposed customer in one of its arms yet: there is nothing to learn from',
  },
} as const satisfies Record<`REEL_ERR_${string}`, ErrorSpec>

/** A registered error code. */
export type ErrorCode = keyof typeof ERRORS

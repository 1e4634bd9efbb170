import { z } from 'zod'
import { BackfillError } from './backfill-error.js'

/** The REST Admin API version a back-fill asks for unless told otherwise. */
export const DEFAULT_API_VERSION = '2025-01'

/** What a Shopify back-fill reads, checked. */
export interface ShopifyBackfillOptions {
  /** The shop's myshopify.com host name, lower case: `my-shop.myshopify.com`. */
  shop: string
  /** An Admin API access token with read_customers and read_orders (`shpat_…`). */
  token: string
  /** ISO time: customers updated and orders created at or after it are read. */
  since: string
  /** REST Admin API version, `YYYY-MM` (a quarter's first month) or `unstable`. */
  apiVersion: string
  /** Origin (and optional path) standing in for `https://SHOP`, for tests: `http://127.0.0.1:PORT`. */
  baseUrl?: string | undefined
}

/** The CLI's names of the options, so that a problem is reported under the name the user typed. */
const OPTION_NAMES: Record<keyof ShopifyBackfillOptions, string> = {
  shop: '--shop',
  token: '--token',
  since: '--since',
  apiVersion: '--api-version',
  baseUrl: '--api-base',
}

const shopSchema = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .refine((shop) => !shop.includes('://'), {
    message: 'write the host name without a scheme, e.g. my-shop.myshopify.com',
    abort: true,
  })
  .refine((shop) => !/[/?#]/.test(shop), {
    message: 'write the host name without a path, e.g. my-shop.myshopify.com',
    abort: true,
  })
  .refine((shop) => /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop), {
    message: "expected the shop's myshopify.com host name, e.g. my-shop.myshopify.com",
  })

// A date alone means midnight UTC, so that the same --since reads the same orders wherever it is run.
const isoDate = z.iso.date()
const isoTime = z.iso.datetime({ offset: true })
const sinceSchema = z
  .string({ error: 'is required' })
  .trim()
  .refine((since) => isoDate.safeParse(since).success || isoTime.safeParse(since).success, {
    message: 'expected an ISO date or time, e.g. 2024-01-31 or 2024-01-31T08:00:00+01:00',
  })
  .transform((since) => (isoDate.safeParse(since).success ? `${since}T00:00:00Z` : since))

const optionsSchema = z.object({
  shop: shopSchema,
  token: z.string({ error: 'is required' }).trim().min(1, 'must not be empty'),
  since: sinceSchema,
  apiVersion: z
    .string()
    .trim()
    .regex(/^(\d{4}-(01|04|07|10)|unstable)$/, 'expected a Shopify API version such as 2025-01')
    .default(DEFAULT_API_VERSION),
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:8080' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
})

/** Checks a back-fill's options; throws a BackfillError naming each bad option by its CLI name. */
export function parseShopifyBackfillOptions(
  input: {
    [K in keyof ShopifyBackfillOptions]?: unknown
  },
): ShopifyBackfillOptions {
  const parsed = optionsSchema.safeParse(input)
  if (parsed.success) return parsed.data
  // One problem per option: the first is the one to fix.
  const problems = new Map<string, string>()
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof ShopifyBackfillOptions | undefined
    const name = key ? OPTION_NAMES[key] : 'options'
    if (!problems.has(name)) problems.set(name, `${name}: ${issue.message}`)
  }
  throw new BackfillError('invalid-option', [...problems.values()].join('; '))
}

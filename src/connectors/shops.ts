import { z } from 'zod'
import type { Platform } from './migrations.js'

const HOST =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/

/**
 * A shop as its platform names it in webhooks: Shopify's `X-Shopify-Shop-Domain` (`name.myshopify.com`),
 * WooCommerce's `X-WC-Webhook-Source` host (`shop.example`). Typed with a scheme or a path, or in capitals,
 * it is the same shop.
 */
export function shopOf(platform: Platform, typed: string): string {
  const text = typed.trim().toLowerCase()
  let host = text
  try {
    if (/^[a-z]+:\/\//.test(text)) host = new URL(text).host
  } catch {
    // not an address: checked as a host name below
  }
  host = host.replace(/\/.*$/, '')
  if (!HOST.test(host)) throw new Error(`"${typed}" is not a shop's host name (such as shop.example)`)
  if (platform === 'shopify' && !host.endsWith('.myshopify.com'))
    throw new Error(`"${typed}" is not a Shopify shop domain: expected NAME.myshopify.com`)
  return host
}

/** A zod schema of a shop name for `platform`, normalised as shopOf does. */
export const shopSchema = (platform: Platform) =>
  z.string().transform((text, ctx) => {
    try {
      return shopOf(platform, text)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message })
      return z.NEVER
    }
  })

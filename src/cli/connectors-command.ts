import type { Command } from 'commander'
import { z } from 'zod'
import { type ConnectorListing, PLATFORMS, type Platform, shopSchema } from '../connectors/index.js'
import { renderTable } from './format.js'
import type { WithReel } from './with-reel.js'

const platformSchema = z.enum(PLATFORMS, { error: `expected one of ${PLATFORMS.join(', ')}` })

function parsed<T>(schema: z.ZodType<T>, value: unknown, option: string): T {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  throw new Error(`${option}: ${r.error.issues[0]?.message ?? 'invalid'}`)
}

const when = (at: Date | null) => (at ? at.toISOString().replace(/\.\d+Z$/, 'Z') : '-')

/** A platform's listing as the terminal shows it: where to point its webhooks, what to subscribe, how it went. */
export function describeConnector(c: ConnectorListing): string {
  const lines = [`${c.platform}`, `  webhook URL  ${c.webhookUrl}`, `  topics       ${c.topics.join(', ')}`]
  const shops = c.shops.map((s) => `${s.shop} (added ${when(s.addedAt)})`)
  if (c.environmentSecret)
    shops.push(`any other shop signing with REEL_${c.platform.toUpperCase()}_WEBHOOK_SECRET`)
  lines.push(
    `  shops        ${shops.length === 0 ? `none: reel connectors add ${c.platform} --shop … --secret …` : shops.join('; ')}`,
  )
  if (c.activity.length === 0) lines.push('  deliveries   none in the last 7 days')
  else
    lines.push(
      renderTable(
        ['shop', 'topic', 'deliveries', 'quarantined', 'last delivery', 'last error'],
        c.activity.map((a) => [
          a.shop,
          a.topic,
          String(a.deliveries),
          String(a.quarantined),
          when(a.lastDeliveryAt),
          a.lastProblem ? `${when(a.lastProblemAt)} ${a.lastProblem}` : '-',
        ]),
        new Set([2, 3]),
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    )
  return lines.join('\n')
}

/** `reel connectors`: shop platforms (Shopify, WooCommerce) that post their webhooks to Reel. */
export function registerConnectors(program: Command, withReel: WithReel): Command {
  const connectors = program
    .command('connectors')
    .description('shop platforms sending their orders, carts, fulfilments and customers by webhook')
    .action(() =>
      withReel(async (reel) => {
        const listings = await reel.connectors.list(reel.config.coupons.publicUrl)
        console.log(listings.map(describeConnector).join('\n\n'))
      }),
    )
  connectors
    .command('add <platform>')
    .description(
      "connect a shop: its webhooks are verified with this secret (Shopify: the app's or the shop's webhook signing secret)",
    )
    .requiredOption(
      '--shop <domain>',
      'the shop, as its webhooks name it (NAME.myshopify.com; a WooCommerce site host)',
    )
    .requiredOption('--secret <secret>', 'the webhook signing secret the platform shows')
    .action((platformText: string, options: { shop: string; secret: string }) =>
      withReel(async (reel) => {
        const platform: Platform = parsed(platformSchema, platformText, 'platform')
        const shop = parsed(shopSchema(platform), options.shop, '--shop')
        const secret = parsed(
          z.string().trim().min(8, 'expected the secret the platform shows (8 characters or more)'),
          options.secret,
          '--secret',
        )
        await reel.connectors.addShop(platform, shop, secret)
        const [listing] = (await reel.connectors.list(reel.config.coupons.publicUrl)).filter(
          (c) => c.platform === platform,
        )
        console.log(
          `Connected ${platform} shop ${shop}. Point its webhooks at ${listing?.webhookUrl} for: ${listing?.topics.join(', ')}`,
        )
      }),
    )
  connectors
    .command('remove <platform>')
    .description('disconnect a shop: its webhooks are refused (401) from now on')
    .requiredOption('--shop <domain>', 'the shop')
    .action((platformText: string, options: { shop: string }) =>
      withReel(async (reel) => {
        const platform: Platform = parsed(platformSchema, platformText, 'platform')
        const shop = parsed(shopSchema(platform), options.shop, '--shop')
        if (!(await reel.connectors.removeShop(platform, shop)))
          throw new Error(`--shop: no ${platform} shop ${shop} is connected`)
        console.log(`Disconnected ${platform} shop ${shop}.`)
      }),
    )
  return connectors
}

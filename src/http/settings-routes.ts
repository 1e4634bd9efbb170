import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Config } from '../config/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const shopSchema = z.object({
  name: z.string().describe('REEL_SHOP_NAME: the name messages sign with'),
  timeZone: z
    .string()
    .describe("REEL_DEFAULT_TIMEZONE: the shop's IANA time zone; the dashboard shows dates in it"),
  currency: z
    .string()
    .nullable()
    .describe('REEL_DEFAULT_CURRENCY: the currency of money sent without one; null when none is set'),
})

export type ShopSettings = z.infer<typeof shopSchema>

export function shopSettingsOf(config: Config): ShopSettings {
  return {
    name: config.shopName,
    timeZone: config.consent.defaultTimeZone,
    currency: config.radar.defaultCurrency,
  }
}

/** What the shop is set to (inside the admin API): read from the environment, so read-only here. */
export const settingsRoutes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/shop',
    {
      schema: {
        description:
          "The shop's name, time zone and default currency, as the environment sets them: the dashboard names the shop, shows dates in its zone and money without a currency in its currency.",
        tags: ['admin'],
        security: ADMIN_SECURITY,
        response: { 200: shopSchema },
      },
    },
    async () => shopSettingsOf(config),
  )
}

import { sql } from 'kysely'
import type { Campaigns } from './campaigns/index.js'
import type { Coupons } from './coupons/index.js'
import type { AnyDb } from './db/index.js'
import { shippingTemplates } from './shipping/index.js'
import { giftTemplates, starterTemplates, type Templates } from './templates/index.js'

/**
 * What a new Reel starts with, installed once: the starter message templates and the gift notices (ko,
 * en), the coupon the out-of-stock apology offers, and the starter campaigns, paused until a marketer
 * resumes them.
 */
export async function installStarterSet(
  db: AnyDb,
  modules: { templates: Templates; coupons: Coupons; campaigns: Campaigns },
): Promise<void> {
  for (const template of [...starterTemplates(), ...giftTemplates(), ...shippingTemplates()])
    if (
      !(await modules.templates.pick(template.name, template.channel, template.locale))?.locale.startsWith(
        template.locale,
      )
    )
      await modules.templates.save(template)
  const known = await sql<{
    value: string
  }>`select value from settings where key = 'starter_apology_coupon'`.execute(db)
  let apologyTemplateId = known.rows[0]?.value
  if (!apologyTemplateId) {
    const coupon = await modules.coupons.createTemplate({
      name: 'Sorry it was out of stock: 10% off',
      kind: 'apology',
      discount: { type: 'percent', percent: 10, maxDiscount: null, currency: null },
      minOrder: 0,
      validDays: 30,
      validUntil: null,
      giftable: true,
      maxGiftHops: 1,
      releaseOnCancel: true,
      autoIssue: null,
      issueDaysBefore: 0,
    })
    const stored = await sql<{ value: string }>`
      insert into settings (key, value) values ('starter_apology_coupon', ${coupon.id})
      on conflict (key) do update set value = settings.value returning value`.execute(db)
    apologyTemplateId = stored.rows[0]?.value ?? coupon.id
  }
  await modules.campaigns.installStarters(apologyTemplateId)
}

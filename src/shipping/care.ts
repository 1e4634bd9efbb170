import { z } from 'zod'
import { type AnyDb, readSetting, writeSetting } from '../db/index.js'

const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2000)

/** A piece of content the shipping messages and the tracking page carry for what was bought. */
const contentBlock = z.strictObject({
  /** The product category it is for (as the shop's products name it); `*` for every order. */
  category: z.string().min(1).max(200),
  title: z.string().min(1).max(200),
  body: z.string().max(2000).default(''),
  link: z
    .strictObject({ label: z.string().min(1).max(100), url })
    .nullable()
    .default(null),
})

/** What the shop says after a purchase, besides the status: help, an expert chat, its social links. */
export const careSettingsSchema = z.strictObject({
  shopUrl: url.nullable().default(null),
  helpUrl: url.nullable().default(null),
  chatUrl: url.nullable().default(null),
  social: z
    .array(z.strictObject({ label: z.string().min(1).max(50), url }))
    .max(10)
    .default([]),
  blocks: z.array(contentBlock).max(200).default([]),
})
export type CareSettings = z.infer<typeof careSettingsSchema>
export type ContentBlock = z.infer<typeof contentBlock>

const KEY = 'shipping_care'

export async function readCare(db: AnyDb): Promise<CareSettings> {
  const stored = await readSetting(db, KEY)
  return careSettingsSchema.parse(stored ? JSON.parse(stored) : {})
}

export async function writeCare(db: AnyDb, care: CareSettings): Promise<void> {
  await writeSetting(db, KEY, JSON.stringify(care))
}

/** The blocks for an order's categories: those of a category it holds, and the ones for every order. */
export function blocksFor(care: CareSettings, categories: ReadonlySet<string>): ContentBlock[] {
  const wanted = new Set([...categories].map((c) => c.toLowerCase()))
  return care.blocks.filter((b) => b.category === '*' || wanted.has(b.category.toLowerCase()))
}

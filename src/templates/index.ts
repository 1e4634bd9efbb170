import type { ChannelName } from '../consent/index.js'
import type { AnyDb } from '../db/index.js'
import { checkPart, renderPart, type TemplatePart } from './engine.js'
import {
  listTemplates,
  type MessageTemplate,
  pickTemplate,
  type TemplateInput,
  templateById,
  upsertTemplate,
} from './store.js'

export { TemplateError } from './engine.js'
export { GIFT_TEMPLATE_NAMES, type GiftTemplateName, giftTemplates } from './gift-starters.js'
export { templatesMigrations } from './migrations.js'
export { STARTER_TEMPLATE_NAMES, type StarterTemplateName, starterTemplates } from './starters.js'
export type { MessageTemplate, TemplateInput } from './store.js'

/** What a template sees: `{{ customer.name }}`, `{{ cart.value | money: cart.currency }}`, `{{ links.unsubscribe }}`. */
export interface TemplateScope {
  customer: Record<string, unknown>
  signal?: Record<string, unknown> | null
  /** The event that triggered the campaign: `{{ event.name }}`, `{{ event.properties.total }}`. */
  event?: { name: string; properties: unknown } | null
  order?: Record<string, unknown> | null
  cart?: { items: unknown[]; value?: number; currency?: string | null } | null
  coupon?: Record<string, unknown> | null
  /** A gift notice's gift: `{{ gift.giverName }}`, `{{ gift.claimBy }}` (src/templates/gift-starters.ts). */
  gift?: Record<string, unknown> | null
  recommendations: unknown[]
  links: {
    unsubscribe?: string | null
    preferences?: string | null
    wallet?: string | null
    claim?: string | null
  }
  shop: { name: string }
}

/** A rendered message. */
export interface RenderedMessage {
  subject: string | null
  text: string
  html: string | null
}

/** Message templates (LiquidJS) per name, channel and locale. */
export interface Templates {
  /** Parse-checks every part: a broken one throws TemplateError naming the field, line and column, and nothing is stored. */
  save(input: TemplateInput): Promise<MessageTemplate>
  /** One template by id. */
  get(id: string): Promise<MessageTemplate | undefined>
  /** Templates, optionally of one channel or name. */
  list(filter?: { channel?: ChannelName; name?: string }): Promise<MessageTemplate[]>
  /** The template for (name, channel, locale), falling back to 'en' (`tx`: the caller's transaction). */
  pick(name: string, channel: ChannelName, locale: string, tx?: AnyDb): Promise<MessageTemplate | undefined>
  /** Renders subject, text and html: html escapes values, text and subject do not. */
  render(template: MessageTemplate, scope: TemplateScope): Promise<RenderedMessage>
}

export function createTemplates(deps: { db: AnyDb; clock: () => Date }): Templates {
  const { db, clock } = deps
  const parts = (t: {
    subject?: string | null | undefined
    text: string
    html?: string | null | undefined
  }) =>
    [
      ['subject', t.subject ?? null],
      ['text', t.text],
      ['html', t.html ?? null],
    ] as Array<[TemplatePart, string | null]>
  return {
    async save(input) {
      for (const [field, source] of parts(input)) if (source !== null) checkPart(source, input.locale, field)
      return upsertTemplate(db, input, clock())
    },
    get: (id) => templateById(db, id),
    list: (filter) => listTemplates(db, filter),
    pick: (name, channel, locale, tx = db) => pickTemplate(tx, name, channel, locale),
    async render(template, scope) {
      const [subject, text, html] = await Promise.all(
        parts(template).map(([field, source]) =>
          source === null ? null : renderPart(source, template.locale, field, scope),
        ),
      )
      return { subject: subject ?? null, text: text ?? '', html: html ?? null }
    },
  }
}

import type { ChannelName } from '../consent/index.js'
import type { AnyDb } from '../db/index.js'
import { checkPart, renderPart, type TemplatePart } from './engine.js'
import {
  listTemplates,
  type MessageTemplate,
  pickTemplate,
  saveTemplate,
  type TemplateInput,
  templateById,
} from './store.js'

export { TemplateError } from './engine.js'
export { GIFT_TEMPLATE_NAMES, type GiftTemplateName, giftTemplates } from './gift-starters.js'
export { templatesMigrations } from './migrations.js'
export { STARTER_TEMPLATE_NAMES, type StarterTemplateName, starterTemplates } from './starters.js'
export { type MessageTemplate, type TemplateInput, TemplateNameTaken } from './store.js'

/** What a template sees: `{{ customer.name }}`, `{{ cart.value | money: cart.currency }}`, `{{ links.unsubscribe }}`. */
export interface TemplateScope {
  customer: Record<string, unknown>
  signal?: Record<string, unknown> | null
  /** The event that triggered the campaign: `{{ event.name }}`, `{{ event.properties.total }}`. */
  event?: { name: string; properties: unknown } | null
  order?: Record<string, unknown> | null
  /** `url`: where the customer finishes the checkout (a shop platform's recovery link), when known. */
  cart?: { items: unknown[]; value?: number; currency?: string | null; url?: string | null } | null
  coupon?: Record<string, unknown> | null
  /** A gift notice's gift: `{{ gift.giverName }}`, `{{ gift.claimBy }}` (src/templates/gift-starters.ts). */
  gift?: Record<string, unknown> | null
  /** A shipping notice's parcel: `{{ shipment.carrier }}`, `{{ shipment.promise }}` (src/shipping/starters.ts). */
  shipment?: Record<string, unknown> | null
  /** The shop's content blocks for what was bought (care guides, size help). */
  content?: unknown[]
  recommendations: unknown[]
  links: {
    unsubscribe?: string | null
    preferences?: string | null
    wallet?: string | null
    claim?: string | null
    tracking?: string | null
    help?: string | null
    chat?: string | null
  }
  shop: { name: string; social?: ReadonlyArray<{ label: string; url: string }> }
}

/** A rendered message. */
export interface RenderedMessage {
  subject: string | null
  text: string
  html: string | null
}

/** Message templates (LiquidJS) per name, channel and locale. */
export interface Templates {
  /**
   * Parse-checks every part: a broken one throws TemplateError naming the field, line and column, and
   * nothing is stored. Without an id, the template already under the name, channel and locale is replaced
   * unless `replace: false` (then TemplateNameTaken); with an id, a rename onto another template's name,
   * channel and locale throws TemplateNameTaken.
   */
  save(input: TemplateInput, options?: { replace?: boolean }): Promise<MessageTemplate>
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
    async save(input, options = {}) {
      for (const [field, source] of parts(input)) if (source !== null) checkPart(source, input.locale, field)
      return saveTemplate(db, input, clock(), options.replace ?? true)
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

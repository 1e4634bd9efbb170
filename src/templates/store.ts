import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { ChannelName } from '../consent/index.js'
import type { AnyDb } from '../db/index.js'

/** A stored message template. */
export interface MessageTemplate {
  id: string
  name: string
  channel: ChannelName
  locale: string
  subject: string | null
  text: string
  html: string | null
  createdAt: string
  updatedAt: string
}

/** What a template is saved from. */
export interface TemplateInput {
  id?: string | undefined
  name: string
  channel: ChannelName
  locale: string
  subject?: string | null | undefined
  text: string
  html?: string | null | undefined
}

interface Row {
  id: string
  name: string
  channel: ChannelName
  locale: string
  subject: string | null
  text: string
  html: string | null
  created_at: Date
  updated_at: Date
}

const toTemplate = (r: Row): MessageTemplate => ({
  id: r.id,
  name: r.name,
  channel: r.channel,
  locale: r.locale,
  subject: r.subject,
  text: r.text,
  html: r.html,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})

/** Another template already has this name, channel and locale (`existingId`). */
export class TemplateNameTaken extends Error {
  constructor(readonly existingId: string) {
    super(`Template ${existingId} already has this name, channel and locale`)
    this.name = 'TemplateNameTaken'
  }
}

const UNIQUE_VIOLATION = '23505'

/**
 * Stores a template: by id when given (created with that id if new), else under its name, channel and
 * locale; the one already there is replaced when `replace`, else TemplateNameTaken is thrown. A template
 * renamed onto another's name, channel and locale throws TemplateNameTaken too.
 */
export async function saveTemplate(
  db: AnyDb,
  input: TemplateInput,
  now: Date,
  replace: boolean,
): Promise<MessageTemplate> {
  const id = input.id ?? `mtp_${randomBytes(12).toString('base64url')}`
  const values = sql`${input.name}, ${input.channel}, ${input.locale}, ${input.subject ?? null},
    ${input.text}, ${input.html ?? null}, ${now}, ${now}`
  const set = sql`name = excluded.name, channel = excluded.channel, locale = excluded.locale,
    subject = excluded.subject, text = excluded.text, html = excluded.html, updated_at = excluded.updated_at`
  const onConflict = input.id
    ? sql`on conflict (id) do update set ${set}`
    : replace
      ? sql`on conflict (name, channel, locale) do update set ${set}`
      : sql``
  try {
    const result = await sql<Row>`
      insert into message_templates (id, name, channel, locale, subject, text, html, created_at, updated_at)
      values (${id}, ${values})
      ${onConflict}
      returning *`.execute(db)
    const row = result.rows[0]
    if (!row) throw new Error('template not stored')
    return toTemplate(row)
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error
    const taken = await sql<{ id: string }>`
      select id from message_templates
      where name = ${input.name} and channel = ${input.channel} and locale = ${input.locale}`.execute(db)
    const existing = taken.rows[0]
    if (!existing) throw error
    throw new TemplateNameTaken(existing.id)
  }
}

/** One template by id. */
export async function templateById(db: AnyDb, id: string): Promise<MessageTemplate | undefined> {
  const result = await sql<Row>`select * from message_templates where id = ${id}`.execute(db)
  return result.rows[0] && toTemplate(result.rows[0])
}

/** Templates, by name then channel then locale. */
export async function listTemplates(
  db: AnyDb,
  filter: { channel?: ChannelName | undefined; name?: string | undefined } = {},
): Promise<MessageTemplate[]> {
  const result = await sql<Row>`
    select * from message_templates
    where (${filter.channel ?? null}::text is null or channel = ${filter.channel ?? null})
      and (${filter.name ?? null}::text is null or name = ${filter.name ?? null})
    order by name, channel, locale`.execute(db)
  return result.rows.map(toTemplate)
}

/** The template for a name and channel in the locale (`ko-KR` also matches `ko`), else in English. */
export async function pickTemplate(
  db: AnyDb,
  name: string,
  channel: ChannelName,
  locale: string,
): Promise<MessageTemplate | undefined> {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? 'en'
  const wanted = [locale, language, 'en']
  const result = await sql<Row>`
    select * from message_templates
    where name = ${name} and channel = ${channel} and locale = any(${wanted}::text[])`.execute(db)
  const rows = result.rows.map(toTemplate)
  for (const l of wanted) {
    const found = rows.find((r) => r.locale === l)
    if (found) return found
  }
  return undefined
}

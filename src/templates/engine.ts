import { filters, Liquid, LiquidError } from 'liquidjs'
import { formatMoney } from '../pages/index.js'

/** A part of a template that does not parse (or render): which part, and where in it. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly field: 'subject' | 'text' | 'html',
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
    this.name = 'TemplateError'
  }
}

export type TemplatePart = TemplateError['field']

/** The pages' locales: money and dates are written as a reader of one of these writes them. */
type FormatLocale = 'ko' | 'en'
const formatLocale = (locale: string): FormatLocale => (locale.toLowerCase().startsWith('ko') ? 'ko' : 'en')
const TAG: Record<FormatLocale, string> = { ko: 'ko-KR', en: 'en-US' }

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value)
    return Number.isNaN(date.getTime()) ? undefined : date
  }
  return undefined
}

function createEngine(locale: FormatLocale, html: boolean): Liquid {
  const liquid = new Liquid({
    // Only html parts escape: a subject or an SMS with "&amp;" in it would be wrong.
    ...(html ? { outputEscape: 'escape' as const } : {}),
    // A missing coupon or order renders empty; a misspelt filter fails when the template is saved.
    strictVariables: false,
    strictFilters: true,
    ownPropertyOnly: true,
    cache: false,
  })
  /** `{{ cart.value | money: cart.currency }}` → `59,000원`, `₩59,000`, `€10.50`. */
  liquid.registerFilter('money', (amount: unknown, currency?: unknown) => {
    const value = Number(amount)
    if (amount === null || amount === undefined || amount === '' || Number.isNaN(value)) return ''
    return formatMoney(value, typeof currency === 'string' && currency ? currency : null, locale)
  })
  /** `{{ coupon.expiresAt | date }}` → `2026년 5월 8일` / `May 8, 2026`; with a format, Liquid's strftime. */
  liquid.registerFilter('date', function (this: unknown, value: unknown, format?: unknown, zone?: unknown) {
    if (typeof format === 'string' && format !== 'long' && format !== 'short')
      return (filters.date as (this: unknown, ...args: unknown[]) => unknown).call(this, value, format, zone)
    const date = toDate(value)
    if (!date) return ''
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: format === 'short' ? 'numeric' : 'long',
      day: 'numeric',
      ...(typeof zone === 'string' && zone ? { timeZone: zone } : {}),
    }
    try {
      return new Intl.DateTimeFormat(TAG[locale], options).format(date)
    } catch {
      return new Intl.DateTimeFormat(TAG[locale], { ...options, timeZone: undefined }).format(date)
    }
  })
  return liquid
}

const engines = new Map<string, Liquid>()

/** The engine for a template's locale and part (html escapes its output). */
export function engineFor(locale: string, part: TemplatePart): Liquid {
  const key = `${formatLocale(locale)}:${part === 'html'}`
  let engine = engines.get(key)
  if (!engine) {
    engine = createEngine(formatLocale(locale), part === 'html')
    engines.set(key, engine)
  }
  return engine
}

/** A Liquid error as a TemplateError naming the part, line and column. */
export function templateErrorOf(error: unknown, field: TemplatePart): TemplateError {
  if (error instanceof LiquidError) {
    const [line = 1, column = 1] = error.token?.getPosition?.() ?? []
    const first = (error.originalError?.message ?? error.message).split('\n')[0] ?? ''
    const reason = first.replace(/, line:\d+, col:\d+$/, '')
    return new TemplateError(`${field}, line ${line}, column ${column}: ${reason}`, field, line, column)
  }
  const message = error instanceof Error ? error.message : String(error)
  return new TemplateError(`${field}: ${message}`, field, 1, 1)
}

/** Parses a part (caught when it is saved), or throws a TemplateError. */
export function checkPart(source: string, locale: string, field: TemplatePart): void {
  try {
    engineFor(locale, field).parse(source)
  } catch (error) {
    throw templateErrorOf(error, field)
  }
}

// Parsed parts by engine and source: a campaign renders one template for thousands of customers, and
// parsing costs more than rendering. Keyed by the source, so an edited template is parsed afresh.
const parsed = new Map<string, ReturnType<Liquid['parse']>>()
const PARSED_KEPT = 500

function parsedPart(engine: Liquid, key: string, source: string): ReturnType<Liquid['parse']> {
  let templates = parsed.get(key)
  if (!templates) {
    templates = engine.parse(source)
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value as string)
    parsed.set(key, templates)
  }
  return templates
}

/** Renders one part with the scope. */
export async function renderPart(
  source: string,
  locale: string,
  field: TemplatePart,
  scope: object,
): Promise<string> {
  const engine = engineFor(locale, field)
  try {
    return await engine.render(
      parsedPart(engine, `${formatLocale(locale)}:${field}:${source}`, source),
      scope,
    )
  } catch (error) {
    throw templateErrorOf(error, field)
  }
}

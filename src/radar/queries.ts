/**
 * Reading signals. A signal's state is worked out as of the asked time: `won_back` once its winning
 * order is in, `lapsed` once the win-back window is over without one, `contacted` once a campaign
 * reached the customer, else `open`. So `--as-of` shows the radar as it stood then, and a lapse needs
 * no job to write it.
 */
import { type RawBuilder, sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { predictedValueAtStake } from '../predict/index.js'
import type { SignalKind } from './kinds.js'
import type { RadarTables } from './migrations.js'
import type { RadarSettings } from './settings.js'

/** A signal's state as of a time (DESIGN section 4). */
export type SignalState = 'open' | 'contacted' | 'won_back' | 'lapsed'

export const SIGNAL_STATES: readonly SignalState[] = ['open', 'contacted', 'won_back', 'lapsed']

export interface SignalFilter {
  kind?: SignalKind | undefined
  state?: SignalState | undefined
  customerId?: string | undefined
  /** Signals raised at or after this time. */
  since?: Date | undefined
  /** Signals raised before this time. */
  until?: Date | undefined
  /** The radar as it stood at this time: later signals are not shown, states are as of then. */
  asOf: Date
  /** The `next` of the previous page. */
  cursor?: string | undefined
  limit: number
}

export interface SignalView {
  id: number
  kind: SignalKind
  customerId: string
  key: string
  at: string
  evidence: string[]
  valueAtStake: number
  currency: string | null
  state: SignalState
  contactedAt: string | null
  wonAt: string | null
  wonByOrder: string | null
  /** When the radar stored it (live: as the event arrived; later for a recompute). */
  detectedAt: string
}

export interface SignalPage {
  signals: SignalView[]
  /** Cursor of the next page (newest first), null on the last one. */
  next: string | null
}

type SignalRow = Omit<RadarTables['radar_signals'], 'kind'> & { kind: SignalKind; state: SignalState }

/** A signal's value at stake as the settings read it: stored, or by the customer's predicted value. */
function valueAtStake(valueBy: RadarSettings['valueBy'], defaultCurrency: string | null): RawBuilder<number> {
  if (valueBy === 'spend') return sql<number>`value_at_stake`
  const currency = sql`coalesce(radar_signals.currency, ${defaultCurrency}::text)`
  return sql<number>`coalesce(${predictedValueAtStake(sql.ref('radar_signals.customer_id'), currency)}, value_at_stake)`
}

/** A signal's currency: the one its events or the customer's orders gave, else the shop's default. */
function currencyOr(defaultCurrency: string | null): RawBuilder<string | null> {
  return sql<string | null>`coalesce(currency, ${defaultCurrency}::text)`
}

/** The state column of a signal as of `asOf`. */
function stateAsOf(asOf: Date, wonBackDays: number): RawBuilder<SignalState> {
  return sql<SignalState>`case
    when won_at is not null and won_at <= ${asOf} then 'won_back'
    when at + make_interval(days => ${wonBackDays}) < ${asOf} then 'lapsed'
    when contacted_at is not null and contacted_at <= ${asOf} then 'contacted'
    else 'open' end`
}

function encodeCursor(row: SignalRow): string {
  return Buffer.from(`${row.at.toISOString()}|${row.id}`).toString('base64url')
}

/** The position a cursor stands for, or an error message naming what is wrong with it. */
export function decodeCursor(cursor: string): { at: Date; id: number } | string {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|')
  const time = new Date(at ?? '')
  const n = Number(id)
  if (Number.isNaN(time.getTime()) || !Number.isSafeInteger(n)) return 'cursor: not a cursor this API gave'
  return { at: time, id: n }
}

function toView(r: SignalRow): SignalView {
  return {
    id: r.id,
    kind: r.kind,
    customerId: r.customer_id,
    key: r.key,
    at: r.at.toISOString(),
    evidence: r.evidence,
    valueAtStake: Number(r.value_at_stake),
    currency: r.currency,
    state: r.state,
    contactedAt: r.contacted_at?.toISOString() ?? null,
    wonAt: r.won_at?.toISOString() ?? null,
    wonByOrder: r.won_by_order,
    detectedAt: r.detected_at.toISOString(),
  }
}

/** Signals, newest first, filtered, one page at a time. */
export async function listSignals(
  db: AnyDb,
  filter: SignalFilter,
  wonBackDays: number,
  defaultCurrency: string | null,
  valueBy: RadarSettings['valueBy'] = 'spend',
): Promise<SignalPage> {
  const conditions = [sql`at <= ${filter.asOf}`]
  if (filter.kind) conditions.push(sql`kind = ${filter.kind}`)
  if (filter.customerId) conditions.push(sql`customer_id = ${filter.customerId}`)
  if (filter.since) conditions.push(sql`at >= ${filter.since}`)
  if (filter.until) conditions.push(sql`at < ${filter.until}`)
  if (filter.cursor) {
    const position = decodeCursor(filter.cursor)
    if (typeof position === 'string') throw new RangeError(position)
    conditions.push(sql`(at, id) < (${position.at}, ${position.id})`)
  }
  const stateFilter = filter.state ? sql`where state = ${filter.state}` : sql``
  const rows = await sql<SignalRow>`
    select * from (
      select id, kind, customer_id, key, at, evidence, ${valueAtStake(valueBy, defaultCurrency)} as value_at_stake,
        ${currencyOr(defaultCurrency)} as currency,
        ${stateAsOf(filter.asOf, wonBackDays)} as state, contacted_at,
        case when won_at <= ${filter.asOf} then won_at end as won_at,
        case when won_at <= ${filter.asOf} then won_by_order end as won_by_order, detected_at
      from radar_signals
      where ${sql.join(conditions, sql` and `)}
      order by at desc, id desc
    ) s ${stateFilter}
    limit ${filter.limit + 1}`.execute(db)
  const page = rows.rows.slice(0, filter.limit)
  const last = page.at(-1)
  return {
    signals: page.map(toView),
    next: rows.rows.length > filter.limit && last ? encodeCursor(last) : null,
  }
}

export interface MoneyAmount {
  currency: string | null
  amount: number
}

export interface KindSummary {
  kind: SignalKind
  open: number
  contacted: number
  wonBack: number
  lapsed: number
  /** Value at stake of the open and contacted signals, per currency. */
  valueAtStake: MoneyAmount[]
  /** Won back ÷ (won back + lapsed): of the signals whose outcome is known, how many came back. */
  wonBackRate: number | null
  /** Signals raised and won back per week (weeks start on Monday, UTC), oldest first. */
  trend: Array<{ week: string; raised: number; wonBack: number; valueAtStake: MoneyAmount[] }>
}

/** Per kind: how many are open, what is at stake, how many came back, and the weekly trend. */
export async function radarSummary(
  db: AnyDb,
  options: { asOf: Date; weeks: number; kinds: readonly SignalKind[] },
  wonBackDays: number,
  defaultCurrency: string | null,
  valueBy: RadarSettings['valueBy'] = 'spend',
): Promise<KindSummary[]> {
  const state = stateAsOf(options.asOf, wonBackDays)
  const currency = currencyOr(defaultCurrency)
  const counts = await sql<{
    kind: SignalKind
    state: SignalState
    currency: string | null
    n: number
    value: number
  }>`
    select kind, state, currency, count(*)::int as n, sum(value_at_stake) as value
    from (select kind, ${currency} as currency, ${valueAtStake(valueBy, defaultCurrency)} as value_at_stake,
      ${state} as state from radar_signals
      where at <= ${options.asOf}) s
    group by kind, state, currency`.execute(db)
  const from = new Date(options.asOf.getTime() - options.weeks * 7 * 86_400_000)
  const weekly = await sql<{
    kind: SignalKind
    week: Date
    currency: string | null
    raised: number
    won: number
    value: number
  }>`
    select kind, date_trunc('week', at, 'UTC') as week, ${currency} as currency, count(*)::int as raised,
      count(*) filter (where won_at <= ${options.asOf})::int as won,
      sum(${valueAtStake(valueBy, defaultCurrency)}) as value
    from radar_signals
    where at <= ${options.asOf} and at >= date_trunc('week', ${from}::timestamptz, 'UTC')
    group by 1, 2, 3 order by 2`.execute(db)
  return options.kinds.map((kind) => {
    const mine = counts.rows.filter((r) => r.kind === kind)
    const count = (s: SignalState) => mine.filter((r) => r.state === s).reduce((n, r) => n + r.n, 0)
    const atStake = sumByCurrency(mine.filter((r) => r.state === 'open' || r.state === 'contacted'))
    const wonBack = count('won_back')
    const lapsed = count('lapsed')
    const weeks = new Map<
      string,
      { raised: number; wonBack: number; value: Array<{ currency: string | null; value: number }> }
    >()
    for (const r of weekly.rows.filter((w) => w.kind === kind)) {
      const week = r.week.toISOString().slice(0, 10)
      const entry = weeks.get(week) ?? { raised: 0, wonBack: 0, value: [] }
      entry.raised += r.raised
      entry.wonBack += r.won
      entry.value.push({ currency: r.currency, value: r.value })
      weeks.set(week, entry)
    }
    return {
      kind,
      open: count('open'),
      contacted: count('contacted'),
      wonBack,
      lapsed,
      valueAtStake: atStake,
      wonBackRate: wonBack + lapsed === 0 ? null : wonBack / (wonBack + lapsed),
      trend: [...weeks].map(([week, w]) => ({
        week,
        raised: w.raised,
        wonBack: w.wonBack,
        valueAtStake: sumByCurrency(w.value),
      })),
    }
  })
}

function sumByCurrency(rows: ReadonlyArray<{ currency: string | null; value: number }>): MoneyAmount[] {
  const sums = new Map<string | null, number>()
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0) + Number(r.value))
  // The database groups in no set order; a summary read twice must read the same.
  return [...sums]
    .map(([currency, amount]) => ({ currency, amount }))
    .sort((a, b) => (a.currency ?? '\uffff').localeCompare(b.currency ?? '\uffff'))
}

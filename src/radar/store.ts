/**
 * The radar's SQL: per-customer runs (locked while a transaction works on them) and signals.
 * Bulk statements only: one per table per batch, whatever the batch size.
 */
import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import { type CustomerRun, type DetectorKind, nextDueAt, type Signal } from './detectors/index.js'
import { DETECTOR_KINDS, type SignalKind } from './kinds.js'
import type { RadarTables } from './migrations.js'

export interface LockedRun {
  /** null for a customer the radar has not seen yet. */
  run: CustomerRun | null
  needsReplay: boolean
}

/**
 * Locks the runs of these customers for this transaction, creating the missing rows first (so two
 * batches for a new customer queue instead of overwriting each other), in id order (no deadlocks).
 */
export async function lockRuns(tx: AnyDb, customerIds: readonly string[]): Promise<Map<string, LockedRun>> {
  const ids = [...customerIds].sort()
  await sql`
    insert into radar_customers (customer_id)
    select id from unnest(${ids}::text[]) as c(id) order by id
    on conflict (customer_id) do nothing`.execute(tx)
  const rows = await sql<{ customer_id: string; run: CustomerRun | null; needs_replay: boolean }>`
    select customer_id, run, needs_replay from radar_customers
    where customer_id = any(${ids}::text[])
    order by customer_id
    for update`.execute(tx)
  return new Map(rows.rows.map((r) => [r.customer_id, { run: r.run, needsReplay: r.needs_replay }]))
}

/** Stores runs with their next timer due, clearing any pending replay. */
export async function saveRuns(tx: AnyDb, runs: ReadonlyMap<string, CustomerRun>): Promise<void> {
  if (runs.size === 0) return
  const rows = [...runs].map(([customerId, run]) => {
    const due = nextDueAt(run)
    return { customer_id: customerId, run, next_due_at: due === null ? null : new Date(due).toISOString() }
  })
  // One JSON document, not arrays of JSON texts: measured 2.5-3 times faster on both engines.
  await sql`
    insert into radar_customers (customer_id, run, next_due_at, needs_replay, updated_at)
    select r.customer_id, r.run, r.next_due_at, false, now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(customer_id text, run jsonb, next_due_at timestamptz)
    on conflict (customer_id) do update set
      run = excluded.run, next_due_at = excluded.next_due_at, needs_replay = false, updated_at = now()`.execute(
    tx,
  )
}

/**
 * Stores signals, one row per (kind, customer, key): a signal raised again by a replay replaces the
 * stored one's facts and forgets its win-back, which markWonBack then works out again.
 * Returns the ids of the rows written.
 */
export async function upsertSignals(tx: AnyDb, signals: readonly Signal[]): Promise<number[]> {
  if (signals.length === 0) return []
  const rows = signals.map((s) => ({
    kind: s.kind,
    customer_id: s.customerId,
    key: s.key,
    at: s.at,
    evidence: s.evidence,
    value_at_stake: s.valueAtStake,
    currency: s.currency,
  }))
  const written = await sql<{ id: number }>`
    insert into radar_signals (kind, customer_id, key, at, evidence, value_at_stake, currency)
    select s.kind, s.customer_id, s.key, s.at, s.evidence, s.value_at_stake, s.currency
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as s(kind text, customer_id text, key text,
      at timestamptz, evidence jsonb, value_at_stake numeric, currency text)
    on conflict (kind, customer_id, key) do update set
      at = excluded.at, evidence = excluded.evidence, value_at_stake = excluded.value_at_stake,
      currency = excluded.currency, won_at = null, won_by_order = null
    returning id`.execute(tx)
  return written.rows.map((r) => r.id)
}

/**
 * Drops the signals of these customers that a replay no longer raises, except those a campaign has
 * already acted on (they stay as the record of what was done).
 */
export async function retractSignalsNotIn(
  tx: AnyDb,
  customerIds: readonly string[],
  keptIds: readonly number[],
): Promise<void> {
  if (customerIds.length === 0) return
  await sql`
    delete from radar_signals
    where customer_id = any(${[...customerIds]}::text[]) and contacted_at is null
      and kind = any(${[...DETECTOR_KINDS]}::text[]) and not (id = any(${[...keptIds]}::bigint[]))`.execute(
    tx,
  )
}

/** A completed order, as it wins back the customer's earlier signals. */
export interface CompletedOrder {
  customerId: string
  orderId: string | null
  at: Date
}

/**
 * Marks as won back each signal of these customers with a completed order after it, within the window:
 * the earliest such order wins it (an order that arrives late can take the place of a later one).
 */
export async function markWonBack(
  tx: AnyDb,
  orders: readonly CompletedOrder[],
  wonBackDays: number,
): Promise<void> {
  if (orders.length === 0) return
  await sql`
    update radar_signals s set won_at = w.at, won_by_order = w.order_id
    from (
      select distinct on (s2.id) s2.id, o.order_id, o.at
      from unnest(${orders.map((o) => o.customerId)}::text[], ${orders.map((o) => o.orderId)}::text[],
                  ${orders.map((o) => o.at.toISOString())}::timestamptz[]) as o(customer_id, order_id, at)
      join radar_signals s2 on s2.customer_id = o.customer_id
        and o.at > s2.at and o.at <= s2.at + make_interval(days => ${wonBackDays})
      where s2.won_at is null or s2.won_at > o.at
      order by s2.id, o.at
    ) w
    where s.id = w.id`.execute(tx)
}

/** Customers whose timers are due by `now`, or whose history changed under them, locked (skipping locked ones). */
export async function lockDueRuns(tx: AnyDb, now: Date, limit: number): Promise<Map<string, LockedRun>> {
  const rows = await tablesOf<RadarTables>(tx)
    .selectFrom('radar_customers')
    .select(['customer_id', 'run', 'needs_replay'])
    .where((eb) => eb.or([eb('next_due_at', '<=', now), eb('needs_replay', '=', true)]))
    .orderBy('customer_id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
  return new Map(
    rows.map((r) => [r.customer_id, { run: r.run as CustomerRun | null, needsReplay: r.needs_replay }]),
  )
}

/** Flags members whose history an identity merge changed: the next pass replays them from the log. */
export async function flagForReplay(tx: AnyDb, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return
  const ids = [...customerIds].sort()
  await sql`
    insert into radar_customers (customer_id, needs_replay)
    select id, true from unnest(${ids}::text[]) as c(id) order by id
    on conflict (customer_id) do update set needs_replay = true`.execute(tx)
}

/** Forgets every run (before a full recomputation writes them anew). */
export async function clearRuns(tx: AnyDb): Promise<void> {
  await sql`truncate radar_customers`.execute(tx)
}

/** A signal raised outside the event detectors (the coupons module's `coupon_expiring_unused`). */
export interface RaisedSignal {
  kind: Exclude<SignalKind, DetectorKind>
  customerId: string
  key: string
  at: Date
  evidence: string[]
  valueAtStake: number
  currency: string | null
}

/** Stores signals raised outside the detectors, once per (kind, customer, key); returns how many were new. */
export async function raiseSignals(db: AnyDb, signals: readonly RaisedSignal[]): Promise<number> {
  if (signals.length === 0) return 0
  const rows = signals.map((s) => ({
    kind: s.kind,
    customer_id: s.customerId,
    key: s.key,
    at: s.at.toISOString(),
    evidence: s.evidence,
    value_at_stake: s.valueAtStake,
    currency: s.currency,
  }))
  const result = await sql`
    insert into radar_signals (kind, customer_id, key, at, evidence, value_at_stake, currency)
    select s.kind, s.customer_id, s.key, s.at, s.evidence, s.value_at_stake, s.currency
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as s(kind text, customer_id text, key text,
      at timestamptz, evidence jsonb, value_at_stake numeric, currency text)
    on conflict (kind, customer_id, key) do nothing`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

/** A signal as a campaign reads it, in the order they were stored. */
export interface StoredSignal {
  id: number
  kind: SignalKind
  customerId: string
  key: string
  at: Date
  valueAtStake: number
  currency: string | null
}

/** Where a reader of signals stands: the storing time and id of the last one it read. */
export interface SignalCursor {
  detectedAt: Date
  id: number
}

/**
 * Signals of a kind stored after the cursor, in storing order, leaving out those stored in the last
 * `lagMs` (by the database's clock): a transaction still open stamps its signals with its start time, so
 * a reader that stays that far behind does not pass signals that have yet to commit.
 */
export async function signalsStoredAfter(
  db: AnyDb,
  options: { after: SignalCursor; lagMs: number; kind: SignalKind; limit: number },
): Promise<Array<StoredSignal & { detectedAt: Date }>> {
  const result = await sql<{
    id: number
    kind: SignalKind
    customer_id: string
    key: string
    at: Date
    value_at_stake: number
    currency: string | null
    detected_at: Date
  }>`
    select id, kind, customer_id, key, at, value_at_stake, currency, detected_at from radar_signals
    where kind = ${options.kind} and (detected_at, id) > (${options.after.detectedAt}, ${options.after.id})
      and detected_at < now() - make_interval(secs => ${options.lagMs / 1000})
    order by detected_at, id limit ${options.limit}`.execute(db)
  return result.rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    customerId: r.customer_id,
    key: r.key,
    at: r.at,
    valueAtStake: Number(r.value_at_stake),
    currency: r.currency,
    detectedAt: r.detected_at,
  }))
}

/** Marks signals as contacted by a campaign (the first contact counts). */
export async function markContacted(db: AnyDb, signalIds: readonly number[], at: Date): Promise<void> {
  if (signalIds.length === 0) return
  await sql`
    update radar_signals set contacted_at = ${at}
    where id = any(${[...signalIds]}::bigint[]) and contacted_at is null`.execute(db)
}

import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { Campaign, CampaignInput, CampaignState } from './campaign.js'
import type { Arm } from './holdout.js'
import type { CampaignsTables } from './migrations.js'

export type CampaignRow = CampaignsTables['campaigns']
export type EnrolmentRow = CampaignsTables['campaign_enrolments']

export function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    trigger: row.trigger as Campaign['trigger'],
    audience: row.audience as Campaign['audience'],
    steps: row.steps as Campaign['steps'],
    holdoutShare: Number(row.holdout_share),
    goalDays: row.goal_days,
    quietHours: row.quiet_hours,
    caps: row.caps as Campaign['caps'],
    starterKey: row.starter_key,
    activeSince: row.active_since?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

/**
 * Where a campaign reading this trigger from `now` starts: signals and events as old as the trigger takes,
 * and a segment due for a check at once.
 */
function readFrom(trigger: Campaign['trigger'], now: Date): Date {
  const hours = trigger.type === 'segment' ? trigger.everyHours : trigger.maxAgeHours
  return new Date(now.getTime() - hours * 3_600_000)
}

/** Stores a campaign (paused unless said otherwise); a starter key already used returns nothing. */
export async function insertCampaign(
  db: AnyDb,
  input: CampaignInput,
  options: { now: Date; state?: CampaignState; starterKey?: string },
): Promise<Campaign | undefined> {
  const id = `cmp_${randomBytes(9).toString('base64url')}`
  const state = options.state ?? 'paused'
  const result = await sql<CampaignRow>`
    insert into campaigns (id, name, state, trigger, audience, steps, holdout_share, salt, goal_days, quiet_hours, caps,
      starter_key, active_since, created_at, updated_at, cursor_at)
    values (${id}, ${input.name}, ${state}, ${JSON.stringify(input.trigger)}, ${JSON.stringify(input.audience)},
      ${JSON.stringify(input.steps)}, ${input.holdoutShare}, ${randomBytes(12).toString('base64url')}, ${input.goalDays},
      ${input.quietHours}, ${JSON.stringify(input.caps)}, ${options.starterKey ?? null},
      ${state === 'active' ? options.now : null}, ${options.now}, ${options.now}, ${readFrom(input.trigger, options.now)})
    on conflict (starter_key) do nothing
    returning *`.execute(db)
  const row = result.rows[0]
  return row ? toCampaign(row) : undefined
}

/** Replaces a campaign's definition (its salt, and so every customer's arm, stays). */
export async function updateCampaign(
  db: AnyDb,
  id: string,
  input: CampaignInput,
  now: Date,
): Promise<Campaign | undefined> {
  const trigger = input.trigger
  // A trigger of another type, or on another event, is read afresh (as far back as it allows).
  const reread = sql`(trigger->>'type', trigger->>'event') is distinct from
    (${trigger.type}::text, ${trigger.type === 'event' ? trigger.event : null}::text)`
  const result = await sql<CampaignRow>`
    update campaigns set name = ${input.name}, trigger = ${JSON.stringify(input.trigger)},
      cursor_at = case when ${reread} then ${readFrom(trigger, now)} else cursor_at end,
      cursor_id = case when ${reread} then 0 else cursor_id end,
      audience = ${JSON.stringify(input.audience)}, steps = ${JSON.stringify(input.steps)},
      holdout_share = ${input.holdoutShare}, goal_days = ${input.goalDays}, quiet_hours = ${input.quietHours},
      caps = ${JSON.stringify(input.caps)}, updated_at = ${now}
    where id = ${id} and state <> 'archived' returning *`.execute(db)
  const row = result.rows[0]
  return row ? toCampaign(row) : undefined
}

/** Moves a campaign to a state; becoming active starts reading its trigger from now on. */
export async function setCampaignState(
  db: AnyDb,
  id: string,
  state: CampaignState,
  now: Date,
): Promise<Campaign | undefined> {
  const result = await sql<CampaignRow>`
    update campaigns set state = ${state}, updated_at = ${now},
      active_since = case when ${state} = 'active' and state <> 'active' then ${now} else active_since end,
      -- a campaign that starts reads no signal older than its trigger allows: skip the history before that
      -- (a segment's cursor is its last check, kept)
      cursor_at = case when ${state} = 'active' and trigger->>'type' = 'signal' then greatest(cursor_at,
        ${now}::timestamptz - interval '1 hour' * (trigger->>'maxAgeHours')::numeric) else cursor_at end
    where id = ${id} and state <> 'archived' returning *`.execute(db)
  const row = result.rows[0]
  return row ? toCampaign(row) : undefined
}

export async function getCampaign(db: AnyDb, id: string): Promise<Campaign | undefined> {
  const result = await sql<CampaignRow>`select * from campaigns where id = ${id}`.execute(db)
  const row = result.rows[0]
  return row ? toCampaign(row) : undefined
}

/** Every campaign, oldest first. */
export async function listCampaigns(db: AnyDb): Promise<Campaign[]> {
  return (await sql<CampaignRow>`select * from campaigns order by created_at, id`.execute(db)).rows.map(
    toCampaign,
  )
}

export async function activeCampaignRows(db: AnyDb): Promise<CampaignRow[]> {
  return (await sql<CampaignRow>`select * from campaigns where state = 'active' order by id`.execute(db)).rows
}

/**
 * What each campaign has done: entered per arm, exposures per outcome (`queued`, `sent`, `failed`, `dead`,
 * `holdout`, `skipped:<reason>`).
 */
export async function listCampaignsWithCounts(
  db: AnyDb,
): Promise<
  Array<Campaign & { enrolled: { treatment: number; holdout: number }; exposures: Record<string, number> }>
> {
  const [campaigns, enrolled, exposures] = await Promise.all([
    sql<CampaignRow>`select * from campaigns order by created_at, id`.execute(db),
    sql<{ campaign_id: string; arm: Arm; n: number }>`
      select campaign_id, arm, count(*)::int as n from campaign_enrolments group by 1, 2`.execute(db),
    sql<{ campaign_id: string; outcome: string; reason: string | null; n: number }>`
      select campaign_id, outcome, case when outcome = 'skipped' then reason end as reason, count(*)::int as n
      from campaign_exposures group by 1, 2, 3`.execute(db),
  ])
  return campaigns.rows.map((row) => {
    const mine = enrolled.rows.filter((e) => e.campaign_id === row.id)
    const counts: Record<string, number> = {}
    for (const e of exposures.rows.filter((x) => x.campaign_id === row.id)) {
      // Skips count by reason; a failed or dead message's reason is its last error, one of many texts.
      const key = e.outcome === 'skipped' ? `skipped:${e.reason}` : e.outcome
      counts[key] = (counts[key] ?? 0) + e.n
    }
    return {
      ...toCampaign(row),
      enrolled: {
        treatment: mine.find((e) => e.arm === 'treatment')?.n ?? 0,
        holdout: mine.find((e) => e.arm === 'holdout')?.n ?? 0,
      },
      exposures: counts,
    }
  })
}

/** Enrols customers (once per campaign, customer and trigger key); returns how many were new. */
export async function enrol(
  db: AnyDb,
  rows: ReadonlyArray<{
    campaignId: string
    customerId: string
    triggerKey: string
    arm: Arm
    context: Record<string, unknown>
  }>,
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0
  const result = await sql`
    insert into campaign_enrolments (campaign_id, customer_id, trigger_key, arm, step, step_started_at, next_run_at,
      state, enrolled_at, context)
    select r.campaign_id, r.customer_id, r.trigger_key, r.arm, 0, ${now}, ${now}, 'active', ${now}, r.context
    from jsonb_to_recordset(${JSON.stringify(
      rows.map((r) => ({
        campaign_id: r.campaignId,
        customer_id: r.customerId,
        trigger_key: r.triggerKey,
        arm: r.arm,
        context: r.context,
      })),
    )}::jsonb) as r(campaign_id text, customer_id text, trigger_key text, arm text, context jsonb)
    on conflict (campaign_id, customer_id, trigger_key) do nothing`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

/**
 * Which of these customers are in the campaign's flow now, or (with `enteredSince`) entered it since then,
 * or ever.
 */
export async function customersInFlow(
  db: AnyDb,
  campaignId: string,
  customerIds: readonly string[],
  enteredSince?: Date | 'ever',
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set()
  const since =
    enteredSince === undefined
      ? sql`state = 'active'`
      : enteredSince === 'ever'
        ? sql`true`
        : sql`(state = 'active' or enrolled_at >= ${enteredSince})`
  const result = await sql<{ customer_id: string }>`
    select distinct customer_id from campaign_enrolments
    where campaign_id = ${campaignId} and customer_id = any(${[...customerIds]}::text[]) and ${since}`.execute(
    db,
  )
  return new Set(result.rows.map((r) => r.customer_id))
}

/** Records how far a campaign has read its trigger: a signal's storing time and id, an event's log position,
 * or when its segment was last checked. */
export async function moveCursor(
  db: AnyDb,
  campaignId: string,
  to: { at?: Date; id?: number },
): Promise<void> {
  await sql`
    update campaigns set cursor_at = coalesce(${to.at ?? null}::timestamptz, cursor_at),
      cursor_id = coalesce(${to.id ?? null}::bigint, cursor_id)
    where id = ${campaignId}`.execute(db)
}

/** Enrolments whose step is due, locked for this transaction (others skip them). */
export async function lockDueEnrolments(db: AnyDb, now: Date, limit: number): Promise<EnrolmentRow[]> {
  const result = await sql<EnrolmentRow>`
    select e.* from campaign_enrolments e join campaigns c on c.id = e.campaign_id
    where e.state = 'active' and e.next_run_at <= ${now} and c.state = 'active'
    order by e.next_run_at, e.id limit ${limit}
    for update of e skip locked`.execute(db)
  return result.rows
}

/** An exposure: a send step's outcome for one enrolment. */
export interface Exposure {
  enrolment: EnrolmentRow
  step: number
  at: Date
  /** `queued`: its message is in the outbox (it then follows the message: exposure-delivery.ts). */
  outcome: 'queued' | 'holdout' | 'skipped'
  reason: string | null
  channel: string | null
  messageKey: string | null
}

/**
 * Records exposures (once per enrolment and step) and each enrolment's first exposure time, a statement
 * each for the lot.
 */
export async function recordExposures(db: AnyDb, exposures: readonly Exposure[]): Promise<void> {
  if (exposures.length === 0) return
  const rows = exposures.map((e) => ({
    campaign_id: e.enrolment.campaign_id,
    enrolment_id: e.enrolment.id,
    customer_id: e.enrolment.customer_id,
    arm: e.enrolment.arm,
    step: e.step,
    at: e.at,
    outcome: e.outcome,
    reason: e.reason,
    channel: e.channel,
    message_key: e.messageKey,
    delivery_settled: e.outcome !== 'queued',
  }))
  await sql`
    insert into campaign_exposures (campaign_id, enrolment_id, customer_id, arm, step, at, outcome, reason, channel,
      message_key, delivery_settled)
    select r.campaign_id, r.enrolment_id, r.customer_id, r.arm, r.step, r.at, r.outcome, r.reason, r.channel,
      r.message_key, r.delivery_settled
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(campaign_id text, enrolment_id bigint,
      customer_id text, arm text, step int, at timestamptz, outcome text, reason text, channel text, message_key text,
      delivery_settled boolean)
    on conflict (enrolment_id, step) do nothing`.execute(db)
  await sql`
    update campaign_enrolments e set first_exposed_at = coalesce(e.first_exposed_at, r.at)
    from (select enrolment_id, min(at) as at
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(enrolment_id bigint, at timestamptz)
          group by enrolment_id) r
    where e.id = r.enrolment_id`.execute(db)
}

/** Where an enrolment stands after a round moved it on. */
export interface EnrolmentSave {
  id: number
  step: number
  stepStartedAt: Date
  nextRunAt: Date | null
  state: EnrolmentRow['state']
  exitReason: string | null
  /** The context, when the round changed it (a coupon given). */
  context?: Record<string, unknown> | undefined
}

/** Saves where enrolments stand after a round, in one statement. */
export async function saveEnrolments(db: AnyDb, saves: readonly EnrolmentSave[]): Promise<void> {
  if (saves.length === 0) return
  const rows = saves.map((s) => ({
    id: s.id,
    step: s.step,
    step_started_at: s.stepStartedAt,
    next_run_at: s.nextRunAt,
    state: s.state,
    exit_reason: s.exitReason,
    context: s.context ?? null,
  }))
  await sql`
    update campaign_enrolments e set step = r.step, step_started_at = r.step_started_at,
      next_run_at = r.next_run_at, state = r.state, exit_reason = r.exit_reason,
      context = coalesce(r.context, e.context)
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id bigint, step int, step_started_at timestamptz,
      next_run_at timestamptz, state text, exit_reason text, context jsonb)
    where e.id = r.id`.execute(db)
}

export interface ExposureView {
  campaignId: string
  customerId: string
  arm: string
  step: number
  at: string
  outcome: string
  reason: string | null
  channel: string | null
  messageKey: string | null
}

/** A campaign's exposures, newest first. */
export async function listExposures(
  db: AnyDb,
  filter: { campaignId: string; customerId?: string | undefined; limit: number },
): Promise<ExposureView[]> {
  const customer = filter.customerId ? sql`and customer_id = ${filter.customerId}` : sql``
  const result = await sql<CampaignsTables['campaign_exposures']>`
    select * from campaign_exposures where campaign_id = ${filter.campaignId} ${customer}
    order by at desc, id desc limit ${filter.limit}`.execute(db)
  return result.rows.map((r) => ({
    campaignId: r.campaign_id,
    customerId: r.customer_id,
    arm: r.arm,
    step: r.step,
    at: r.at.toISOString(),
    outcome: r.outcome,
    reason: r.reason,
    channel: r.channel,
    messageKey: r.message_key,
  }))
}

/** Records members of the shop-wide holdout a campaign's trigger named (once per campaign, counted). */
export async function recordGlobalHoldout(
  db: AnyDb,
  campaignId: string,
  customerIds: readonly string[],
  now: Date,
): Promise<void> {
  if (customerIds.length === 0) return
  await sql`
    insert into campaign_global_holdout (campaign_id, customer_id, first_at, last_at)
    select ${campaignId}, customer_id, ${now}, ${now} from unnest(${[...customerIds]}::text[]) as c(customer_id)
    on conflict (campaign_id, customer_id) do update
      set last_at = excluded.last_at, times = campaign_global_holdout.times + 1`.execute(db)
}

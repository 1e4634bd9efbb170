import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/** Campaigns, who entered them (and in which arm), and every exposure with its outcome. */
export const campaignsMigrations: NamedMigration[] = [
  {
    name: '0800-campaigns',
    async up(db) {
      await sql`
        create table campaigns (
          id text primary key,
          name text not null,
          state text not null check (state in ('draft', 'active', 'paused', 'archived')),
          trigger jsonb not null,
          audience jsonb not null,
          steps jsonb not null,
          holdout_share numeric not null check (holdout_share >= 0 and holdout_share < 1),
          -- the holdout hash's salt: fixed at creation, so a customer's arm never changes
          salt text not null,
          goal_days int not null,
          quiet_hours text not null check (quiet_hours in ('hold', 'skip')),
          caps jsonb not null,
          -- starter campaigns are created once, paused, by this key
          starter_key text unique,
          -- how far the trigger has been read: the storing time and id of the last signal, or the event seq
          cursor_at timestamptz not null default '-infinity',
          cursor_id bigint not null default 0,
          active_since timestamptz,
          created_at timestamptz not null,
          updated_at timestamptz not null
        )`.execute(db)
      await sql`
        create table campaign_enrolments (
          id bigserial primary key,
          campaign_id text not null references campaigns (id),
          customer_id text not null,
          -- what made them enter: the signal id, the event's message id, or the segment run's day
          trigger_key text not null,
          arm text not null check (arm in ('treatment', 'holdout')),
          step int not null default 0,
          step_started_at timestamptz not null,
          next_run_at timestamptz,
          state text not null check (state in ('active', 'completed', 'exited')),
          exit_reason text,
          enrolled_at timestamptz not null,
          first_exposed_at timestamptz,
          -- the signal or event behind it, and what the flow made (a coupon) for the messages
          context jsonb not null default '{}',
          unique (campaign_id, customer_id, trigger_key)
        )`.execute(db)
      await sql`create index campaign_enrolments_due on campaign_enrolments (next_run_at) where state = 'active'`.execute(
        db,
      )
      await sql`create index campaign_enrolments_customer on campaign_enrolments (customer_id, campaign_id)`.execute(
        db,
      )
      await sql`
        create table campaign_exposures (
          id bigserial primary key,
          campaign_id text not null references campaigns (id),
          enrolment_id bigint not null references campaign_enrolments (id),
          customer_id text not null,
          arm text not null,
          step int not null,
          at timestamptz not null,
          -- sent, holdout, or skipped with its reason (no_consent, unsubscribed, no_address, frequency_cap,
          -- quiet_hours, no_template)
          outcome text not null,
          reason text,
          channel text,
          message_key text,
          unique (enrolment_id, step)
        )`.execute(db)
      await sql`create index campaign_exposures_campaign on campaign_exposures (campaign_id, at)`.execute(db)
    },
  },
  {
    name: '0810-campaign-exposures-follow-delivery',
    async up(db) {
      // A send step's exposure is `queued` when its message is in the outbox, then follows the message:
      // `sent`, `failed` (to be retried) or `dead`, with the reason. Until nothing can change it any more it
      // is unsettled, and campaign rounds read its message's state again.
      await sql`
        alter table campaign_exposures add column delivery_settled boolean not null default true`.execute(db)
      await sql`
        create index campaign_exposures_unsettled on campaign_exposures (id) where not delivery_settled`.execute(
        db,
      )
    },
  },
  {
    name: '0811-campaign-exposures-sent-read-again',
    async up(db) {
      // Reels before 2026-12 recorded `sent` when the message was only queued: each is read again.
      await sql`update campaign_exposures set delivery_settled = false where outcome = 'sent'`.execute(db)
    },
  },
  {
    name: '0820-campaign-global-holdout',
    async up(db) {
      // Members of the shop-wide holdout a marketing campaign would have let in: not enrolled, recorded here
      // so the programme's report can say how often they were held back.
      await sql`
        create table campaign_global_holdout (
          campaign_id text not null references campaigns (id),
          customer_id text not null,
          first_at timestamptz not null,
          last_at timestamptz not null,
          -- how many times a trigger named them (a segment names them again at each check)
          times int not null default 1,
          primary key (campaign_id, customer_id)
        )`.execute(db)
    },
  },
  {
    name: '0821-campaign-uplift-models',
    async up(db) {
      // Uplift models trained on a finished campaign's exposures and outcomes, for later campaigns to target
      // with (audience.upliftModel): the serialised model and the quantiles of its scores on its training
      // customers, which turn a top share into a threshold.
      await sql`
        create table campaign_uplift_models (
          id text primary key,
          campaign_id text not null references campaigns (id),
          learner text not null,
          feature_names jsonb not null,
          model jsonb not null,
          score_quantiles jsonb not null,
          rows int not null,
          created_at timestamptz not null
        )`.execute(db)
    },
  },
]

/** Tables the campaigns module owns. */
export interface CampaignsTables {
  campaigns: {
    id: string
    name: string
    state: 'draft' | 'active' | 'paused' | 'archived'
    trigger: unknown
    audience: unknown
    steps: unknown
    holdout_share: number
    salt: string
    goal_days: number
    quiet_hours: 'hold' | 'skip'
    caps: unknown
    starter_key: string | null
    cursor_at: Date
    cursor_id: number
    active_since: Date | null
    created_at: Date
    updated_at: Date
  }
  campaign_enrolments: {
    id: number
    campaign_id: string
    customer_id: string
    trigger_key: string
    arm: 'treatment' | 'holdout'
    step: number
    step_started_at: Date
    next_run_at: Date | null
    state: 'active' | 'completed' | 'exited'
    exit_reason: string | null
    enrolled_at: Date
    first_exposed_at: Date | null
    context: Record<string, unknown>
  }
  campaign_exposures: {
    id: number
    campaign_id: string
    enrolment_id: number
    customer_id: string
    arm: string
    step: number
    at: Date
    outcome: string
    reason: string | null
    channel: string | null
    message_key: string | null
    delivery_settled: boolean
  }
  campaign_uplift_models: {
    id: string
    campaign_id: string
    learner: string
    feature_names: string[]
    model: unknown
    score_quantiles: number[]
    rows: number
    created_at: Date
  }
  campaign_global_holdout: {
    campaign_id: string
    customer_id: string
    first_at: Date
    last_at: Date
    times: number
  }
}

import type { AnyDb } from '../db/index.js'
import type { TailPage } from '../events/index.js'
import type { ProfileRule } from '../profiles/index.js'
import type { SignalCursor, StoredSignal } from '../radar/index.js'
import type { Campaign } from './campaign.js'
import { type EnrolOptions, enrolFromTrigger } from './enrolment.js'
import { type Facts, nextMove, type Step } from './flow.js'
import {
  activeCampaignRows,
  type EnrolmentRow,
  lockDueEnrolments,
  recordExposure,
  saveEnrolment,
  toCampaign,
} from './store.js'

/** What a send step did for one customer. */
export type SendOutcome =
  | { outcome: 'sent'; channel: string; messageKey: string }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'held'; until: Date }

/** What the runner needs from the other modules (wired by the composition root). */
export interface RunnerDeps {
  signalsStoredAfter(
    db: AnyDb,
    options: { after: SignalCursor; lagMs: number; kind: StoredSignal['kind']; limit: number },
  ): Promise<Array<StoredSignal & { detectedAt: Date }>>
  eventsArrivedAfter(
    db: AnyDb,
    options: { after: number; event: string; lagMs: number; limit: number },
  ): Promise<TailPage>
  /** Where a new reader of events of this name starts to see those that happened since `since`. */
  eventReadStart(db: AnyDb, event: string, since: Date): Promise<number>
  /** Members for whom every rule holds: among some customers, or all of them a page at a time. */
  membersMatching(
    db: AnyDb,
    rules: readonly ProfileRule[],
    now: Date,
    options: { among?: readonly string[]; after?: string; limit?: number },
  ): Promise<string[]>
  markContacted(db: AnyDb, signalIds: readonly number[], at: Date): Promise<void>
  facts(db: AnyDb, enrolment: EnrolmentRow, now: Date): Promise<Facts>
  send(
    db: AnyDb,
    request: {
      campaign: Campaign
      enrolment: EnrolmentRow
      step: Extract<Step, { type: 'send' }>
      stepIndex: number
      now: Date
    },
  ): Promise<SendOutcome>
}

/** Reads every active campaign's trigger from where it left off and enrols who it names; returns how many. */
export async function enrolNew(
  db: AnyDb,
  now: Date,
  deps: RunnerDeps,
  options: EnrolOptions,
): Promise<number> {
  let entered = 0
  for (const row of await activeCampaignRows(db))
    entered += await enrolFromTrigger(db, row, toCampaign(row), now, deps, options)
  return entered
}

/**
 * Moves every due enrolment on as far as it can go now: goal met → completed; waits set the next run;
 * conditions let through or exit; sends go to the treatment arm, while the holdout is recorded as exposed
 * (reason `holdout`) at the moment it would have been sent. Returns the enrolments handled.
 */
export async function advanceDue(db: AnyDb, now: Date, deps: RunnerDeps, batchSize = 200): Promise<number> {
  let handled = 0
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const due = await lockDueEnrolments(tx, now, batchSize)
      const campaigns = new Map<string, Campaign>()
      for (const enrolment of due) {
        let campaign = campaigns.get(enrolment.campaign_id)
        if (!campaign) {
          const rows = await activeCampaignRows(tx)
          for (const r of rows) campaigns.set(r.id, toCampaign(r))
          campaign = campaigns.get(enrolment.campaign_id)
        }
        if (campaign) await advanceOne(tx, campaign, enrolment, now, deps)
      }
      return due.length
    })
    handled += n
    if (n < batchSize) return handled
  }
}

async function advanceOne(
  tx: AnyDb,
  campaign: Campaign,
  enrolment: EnrolmentRow,
  now: Date,
  deps: RunnerDeps,
): Promise<void> {
  let step = enrolment.step
  let startedAt = enrolment.step_started_at
  const facts = await deps.facts(tx, enrolment, now)
  for (let guard = 0; guard <= campaign.steps.length; guard++) {
    const move = nextMove(campaign.steps, step, facts, now, startedAt)
    if (move.kind === 'goal_met' || move.kind === 'finished') {
      const reason = move.kind === 'goal_met' ? 'goal_met' : null
      return saveEnrolment(tx, enrolment.id, {
        step,
        stepStartedAt: startedAt,
        nextRunAt: null,
        state: 'completed',
        exitReason: reason,
      })
    }
    if (move.kind === 'exit')
      return saveEnrolment(tx, enrolment.id, {
        step,
        stepStartedAt: startedAt,
        nextRunAt: null,
        state: 'exited',
        exitReason: move.reason,
      })
    if (move.kind === 'wait')
      return saveEnrolment(tx, enrolment.id, {
        step,
        stepStartedAt: startedAt,
        nextRunAt: move.until,
        state: 'active',
        exitReason: null,
      })
    if (move.kind === 'send') {
      const exposure = { enrolment, step, at: now }
      if (enrolment.arm === 'holdout') {
        await recordExposure(tx, {
          ...exposure,
          outcome: 'holdout',
          reason: 'holdout',
          channel: move.step.channel,
          messageKey: null,
        })
      } else {
        const sent = await deps.send(tx, { campaign, enrolment, step: move.step, stepIndex: step, now })
        if (sent.outcome === 'held')
          return saveEnrolment(tx, enrolment.id, {
            step,
            stepStartedAt: startedAt,
            nextRunAt: sent.until,
            state: 'active',
            exitReason: null,
          })
        if (sent.outcome === 'sent') {
          await recordExposure(tx, {
            ...exposure,
            outcome: 'sent',
            reason: null,
            channel: sent.channel,
            messageKey: sent.messageKey,
          })
          const signalId = enrolment.context.signalId
          if (typeof signalId === 'number') await deps.markContacted(tx, [signalId], now)
        } else {
          await recordExposure(tx, {
            ...exposure,
            outcome: 'skipped',
            reason: sent.reason,
            channel: move.step.channel,
            messageKey: null,
          })
        }
      }
    }
    step += 1
    startedAt = now
  }
  return saveEnrolment(tx, enrolment.id, {
    step,
    stepStartedAt: startedAt,
    nextRunAt: null,
    state: 'completed',
    exitReason: null,
  })
}

import type { AnyDb } from '../db/index.js'
import type { TailPage } from '../events/index.js'
import type { ProfileRule } from '../profiles/index.js'
import type { SignalCursor, StoredSignal } from '../radar/index.js'
import type { Campaign } from './campaign.js'
import { type EnrolOptions, enrolFromTrigger } from './enrolment.js'
import { type Facts, nextMove, type Step } from './flow.js'
import type { GlobalHoldout } from './global-holdout.js'
import type { ReportReaders } from './report-units.js'
import {
  activeCampaignRows,
  type EnrolmentRow,
  type EnrolmentSave,
  type Exposure,
  lockDueEnrolments,
  recordExposures,
  saveEnrolments,
  toCampaign,
} from './store.js'

/** A send step due for one enrolment. */
export interface SendRequest {
  campaign: Campaign
  enrolment: EnrolmentRow
  step: Extract<Step, { type: 'send' }>
  stepIndex: number
  now: Date
}

/** What a send step did for one customer. */
export type SendOutcome =
  | { outcome: 'sent'; channel: string; messageKey: string; couponId?: string }
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
  /** Where each enrolment's customer stands now (by enrolment id). */
  facts(db: AnyDb, enrolments: readonly EnrolmentRow[], now: Date): Promise<Map<number, Facts>>
  /** Sends (or skips, or holds) each request's message; the outcomes in the requests' order. */
  send(db: AnyDb, requests: readonly SendRequest[]): Promise<SendOutcome[]>
  /** The orders module's completed orders one by one (a targeted campaign's features). */
  completedOrdersInWindows: ReportReaders['completedOrdersInWindows']
  /** The shop-wide holdout: members no marketing campaign enrols. */
  globalHoldout: GlobalHoldout
  /** For holdout customers at a send step: until when the treatment's message would be held (else null). */
  holdoutHeldUntil(db: AnyDb, requests: readonly SendRequest[]): Promise<Array<Date | null>>
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

/** An enrolment being moved on in this round: where it stands, and what the round has recorded for it. */
interface Moving {
  enrolment: EnrolmentRow
  campaign: Campaign
  facts: Facts
  step: number
  startedAt: Date
  context: Record<string, unknown> | undefined
}

const DONE: unique symbol = Symbol('done')

/**
 * Moves every due enrolment on as far as it can go now: goal met → completed; waits set the next run;
 * conditions let through or exit; sends go to the treatment arm, while the holdout is recorded as exposed
 * (reason `holdout`) at the moment it would have been sent. A batch of enrolments per transaction, each kind
 * of read and write one statement for the batch. Returns the enrolments handled.
 */
export async function advanceDue(db: AnyDb, now: Date, deps: RunnerDeps, batchSize = 500): Promise<number> {
  let handled = 0
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const due = await lockDueEnrolments(tx, now, batchSize)
      if (due.length === 0) return 0
      const campaigns = new Map((await activeCampaignRows(tx)).map((r) => [r.id, toCampaign(r)]))
      const facts = await deps.facts(tx, due, now)
      const moving = due.flatMap((enrolment): Moving[] => {
        const campaign = campaigns.get(enrolment.campaign_id)
        const known = facts.get(enrolment.id)
        if (!campaign || !known) return []
        const { step, step_started_at: startedAt } = enrolment
        return [{ enrolment, campaign, facts: known, step, startedAt, context: undefined }]
      })
      await advanceBatch(tx, moving, now, deps)
      return due.length
    })
    handled += n
    if (n < batchSize) return handled
  }
}

/**
 * Runs each enrolment's flow until it waits, ends or reaches a send; the sends of the batch go out together,
 * and those enrolments go on from the step after (a flow may send twice in a row). Records every exposure
 * and saves every enrolment at the end.
 */
async function advanceBatch(tx: AnyDb, batch: Moving[], now: Date, deps: RunnerDeps): Promise<void> {
  const exposures: Exposure[] = []
  const saves: EnrolmentSave[] = []
  const save = (
    m: Moving,
    change: Pick<EnrolmentSave, 'nextRunAt' | 'state' | 'exitReason'>,
  ): typeof DONE => {
    saves.push({
      id: m.enrolment.id,
      step: m.step,
      stepStartedAt: m.startedAt,
      context: m.context,
      ...change,
    })
    return DONE
  }
  const exposure = (m: Moving, e: Pick<Exposure, 'outcome' | 'reason' | 'channel' | 'messageKey'>) =>
    exposures.push({ enrolment: m.enrolment, step: m.step, at: now, ...e })
  const stepOn = (m: Moving) => {
    m.step += 1
    m.startedAt = now
  }

  /** Moves one enrolment until it is saved (DONE) or waits for a send. */
  const runUntilSend = (m: Moving): typeof DONE | SendRequest => {
    for (let guard = 0; guard <= m.campaign.steps.length; guard++) {
      const move = nextMove(m.campaign.steps, m.step, m.facts, now, m.startedAt)
      switch (move.kind) {
        case 'goal_met':
          return save(m, { nextRunAt: null, state: 'completed', exitReason: 'goal_met' })
        case 'finished':
          return save(m, { nextRunAt: null, state: 'completed', exitReason: null })
        case 'exit':
          return save(m, { nextRunAt: null, state: 'exited', exitReason: move.reason })
        case 'wait':
          return save(m, { nextRunAt: move.until, state: 'active', exitReason: null })
        case 'next':
          stepOn(m)
          break
        case 'send':
          return { campaign: m.campaign, enrolment: m.enrolment, step: move.step, stepIndex: m.step, now }
      }
    }
    return save(m, { nextRunAt: null, state: 'completed', exitReason: null })
  }

  let moving = batch
  while (moving.length > 0) {
    const sending: Array<{ m: Moving; request: SendRequest }> = []
    for (const m of moving) {
      const next = runUntilSend(m)
      if (next !== DONE) sending.push({ m, request: next })
    }
    const treated = sending.filter((s) => s.m.enrolment.arm === 'treatment')
    const heldOut = sending.filter((s) => s.m.enrolment.arm === 'holdout')
    const outcomes = await deps.send(
      tx,
      treated.map((s) => s.request),
    )
    const holdoutHolds = await deps.holdoutHeldUntil(
      tx,
      heldOut.map((s) => s.request),
    )
    moving = []
    // The holdout is recorded as exposed when the treatment would have been sent: a message held until the
    // morning would have gone then, so its holdout twin is recorded then too.
    for (const [i, { m, request }] of heldOut.entries()) {
      const until = holdoutHolds[i]
      if (until) {
        save(m, { nextRunAt: until, state: 'active', exitReason: null })
        continue
      }
      exposure(m, { outcome: 'holdout', reason: 'holdout', channel: request.step.channel, messageKey: null })
      stepOn(m)
      moving.push(m)
    }
    for (const [i, { m, request }] of treated.entries()) {
      const sent = outcomes[i] ?? { outcome: 'skipped', reason: 'no_outcome' }
      if (sent.outcome === 'held') {
        save(m, { nextRunAt: sent.until, state: 'active', exitReason: null })
        continue
      }
      if (sent.outcome === 'sent') {
        // Queued in the outbox: the exposure follows its message from there (exposure-delivery.ts), and the
        // signal is marked contacted once the message has gone.
        exposure(m, { outcome: 'queued', reason: null, channel: sent.channel, messageKey: sent.messageKey })
        // The coupon the message gave is what a later `coupon_still_unused` checks.
        if (sent.couponId) m.context = { ...m.enrolment.context, ...m.context, couponId: sent.couponId }
      } else {
        exposure(m, {
          outcome: 'skipped',
          reason: sent.reason,
          channel: request.step.channel,
          messageKey: null,
        })
      }
      stepOn(m)
      moving.push(m)
    }
  }
  await recordExposures(tx, exposures)
  await saveEnrolments(tx, saves)
}

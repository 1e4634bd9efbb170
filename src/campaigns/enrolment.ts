import type { AnyDb } from '../db/index.js'
import type { SignalCursor } from '../radar/index.js'
import { audienceRules, audienceTargeting } from './audience.js'
import type { Campaign, Trigger } from './campaign.js'
import { eventMatches } from './event-rules.js'
import { heldOutShopWide, inGlobalHoldout } from './global-holdout.js'
import { armOf } from './holdout.js'
import type { RunnerDeps } from './runner.js'
import {
  type CampaignRow,
  customersInFlow,
  enrol,
  moveCursor,
  recordGlobalHoldout,
  toCampaign,
} from './store.js'
import { scoreQuantiles, scoreThreshold, targetedCandidates } from './targeting.js'
import { featuresAt, upliftModelById } from './uplift-models.js'

type TriggerOf<T extends Trigger['type']> = Extract<Trigger, { type: T }>

/** Someone a trigger named, with what the flow's messages and conditions need to know about why. */
interface Candidate {
  customerId: string
  triggerKey: string
  context: Record<string, unknown>
}

export interface EnrolOptions {
  /** How far behind the database clock the signal and event readers stay (ms). */
  lagMs: number
  pageSize?: number
}

/**
 * Enrols the candidates who may enter: members in the audience, not already in the flow (or, for a segment,
 * not entered within its re-entry period), once per customer. Each gets the arm the salted hash gives them.
 */
async function admit(
  db: AnyDb,
  row: CampaignRow,
  candidates: readonly Candidate[],
  now: Date,
  deps: RunnerDeps,
  enteredSince?: Date | 'ever',
): Promise<number> {
  const campaign = toCampaign(row)
  const ids = [...new Set(candidates.map((c) => c.customerId))]
  const [eligible, inFlow] = await Promise.all([
    deps.membersMatching(db, audienceRules(campaign.audience), now, { among: ids }),
    customersInFlow(db, campaign.id, ids, enteredSince),
  ])
  const admitted = new Set(eligible.filter((id) => !inFlow.has(id)))
  if (heldOutShopWide(campaign)) {
    const heldOut = [...admitted].filter((id) => inGlobalHoldout(deps.globalHoldout, id))
    for (const id of heldOut) admitted.delete(id)
    await recordGlobalHoldout(db, campaign.id, heldOut, now)
  }
  // The model's threshold comes before the arms are drawn: both arms are of the targeted set.
  const targeting = audienceTargeting(campaign.audience)
  if (targeting && admitted.size > 0) {
    const found = await upliftModelById(db, targeting.upliftModel)
    const ids = [...admitted]
    const rows = found
      ? await featuresAt(
          db,
          deps,
          ids.map((customerId) => ({ customerId, at: now })),
        )
      : []
    const scores = ids.map((_, i) => {
      const row = rows[i]
      return found && row ? found.model.predict(row) : Number.NEGATIVE_INFINITY
    })
    // A segment's page of members is a slice of the audience by id: its own scores give the top share. A
    // signal or event names a few at a time: the quantiles of the training customers' scores do. A model
    // deleted under a running campaign admits nobody rather than everybody.
    const threshold = !found
      ? Number.POSITIVE_INFINITY
      : scoreThreshold(
          campaign.trigger.type === 'segment' ? scoreQuantiles(scores) : found.view.scoreQuantiles,
          targeting.topShare,
        )
    const kept = new Set(
      targetedCandidates([...ids.keys()], (i) => scores[i] ?? Number.NEGATIVE_INFINITY, threshold),
    )
    for (const [i, id] of ids.entries()) if (!kept.has(i)) admitted.delete(id)
  }
  const rows = candidates.flatMap((c) => {
    if (!admitted.delete(c.customerId)) return []
    return [{ ...c, campaignId: campaign.id, arm: armOf(row.salt, c.customerId, campaign.holdoutShare) }]
  })
  return enrol(db, rows, now)
}

async function enrolFromSignals(
  db: AnyDb,
  row: CampaignRow,
  trigger: TriggerOf<'signal'>,
  now: Date,
  deps: RunnerDeps,
  options: EnrolOptions,
): Promise<number> {
  const pageSize = options.pageSize ?? 1000
  const oldest = now.getTime() - trigger.maxAgeHours * 3_600_000
  let cursor: SignalCursor = { detectedAt: row.cursor_at, id: Number(row.cursor_id) }
  let entered = 0
  for (;;) {
    const signals = await deps.signalsStoredAfter(db, {
      after: cursor,
      lagMs: options.lagMs,
      kind: trigger.kind,
      limit: pageSize,
    })
    const last = signals.at(-1)
    if (!last) return entered
    const candidates = signals
      .filter((s) => s.at.getTime() >= oldest)
      .map((s) => ({
        customerId: s.customerId,
        triggerKey: `signal:${s.id}`,
        context: {
          signalId: s.id,
          signalKind: s.kind,
          signalKey: s.key,
          valueAtStake: s.valueAtStake,
          currency: s.currency,
        },
      }))
    entered += await admit(db, row, candidates, now, deps)
    cursor = { detectedAt: last.detectedAt, id: last.id }
    await moveCursor(db, row.id, { at: cursor.detectedAt, id: cursor.id })
    if (signals.length < pageSize) return entered
  }
}

const textOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null)

async function enrolFromEvents(
  db: AnyDb,
  row: CampaignRow,
  trigger: TriggerOf<'event'>,
  now: Date,
  deps: RunnerDeps,
  options: EnrolOptions,
): Promise<number> {
  const oldest = now.getTime() - trigger.maxAgeHours * 3_600_000
  // A trigger never read yet starts at the first event it could still act on.
  let after = Number(row.cursor_id) || (await deps.eventReadStart(db, trigger.event, new Date(oldest)))
  let entered = 0
  for (;;) {
    const page = await deps.eventsArrivedAfter(db, {
      after,
      event: trigger.event,
      lagMs: options.lagMs,
      limit: (options.pageSize ?? 1000) * 10,
    })
    const candidates = page.events
      .filter((e) => e.occurredAt.getTime() >= oldest && eventMatches(trigger.where, e.properties))
      .map((e) => ({
        customerId: e.customerId,
        triggerKey: `event:${e.messageId}`,
        context: {
          eventName: e.event,
          eventId: e.messageId,
          eventProperties: e.properties,
          // the order or cart the event is about: what its message shows and its conditions check
          orderId: textOf(e.properties.order_id),
          cartId: textOf(e.properties.cart_id),
        },
      }))
    entered += await admit(db, row, candidates, now, deps)
    if (page.readTo === after) return entered
    after = page.readTo
    await moveCursor(db, row.id, { id: after })
    if (!page.full) return entered
  }
}

/**
 * Checks a segment when its time has come (`everyHours` after the last check): every member in it enters,
 * unless already in the flow or entered within the re-entry period. A check cut short (a crash) is simply
 * made again: who entered the first time is not let in twice.
 */
async function enrolFromSegment(
  db: AnyDb,
  row: CampaignRow,
  trigger: TriggerOf<'segment'>,
  now: Date,
  deps: RunnerDeps,
  options: EnrolOptions,
): Promise<number> {
  if (row.cursor_at.getTime() + trigger.everyHours * 3_600_000 > now.getTime()) return 0
  const enteredSince =
    trigger.reenterAfterDays === null
      ? ('ever' as const)
      : new Date(now.getTime() - trigger.reenterAfterDays * 86_400_000)
  const check = now.toISOString()
  let entered = 0
  let after: string | undefined
  for (;;) {
    const ids = await deps.membersMatching(db, trigger.rules, now, {
      ...(after === undefined ? {} : { after }),
      limit: options.pageSize ?? 1000,
    })
    const candidates = ids.map((customerId) => ({
      customerId,
      triggerKey: `segment:${check}`,
      context: { segmentCheckedAt: check },
    }))
    entered += await admit(db, row, candidates, now, deps, enteredSince)
    after = ids.at(-1)
    if (after === undefined || ids.length < (options.pageSize ?? 1000)) break
  }
  await moveCursor(db, row.id, { at: now })
  return entered
}

/** Reads one active campaign's trigger from where it left off and enrols who it names; returns how many. */
export function enrolFromTrigger(
  db: AnyDb,
  row: CampaignRow,
  campaign: Campaign,
  now: Date,
  deps: RunnerDeps,
  options: EnrolOptions,
): Promise<number> {
  const trigger = campaign.trigger
  switch (trigger.type) {
    case 'signal':
      return enrolFromSignals(db, row, trigger, now, deps, options)
    case 'event':
      return enrolFromEvents(db, row, trigger, now, deps, options)
    case 'segment':
      return enrolFromSegment(db, row, trigger, now, deps, options)
  }
}

import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { AnyDb } from '../db/index.js'
import type { RawMessage } from '../events/index.js'
import { retryDelayMs } from './backoff.js'
import { deliveryEvent, recordsDeliveryEvent, type TryOutcome } from './delivery-events.js'
import type { FinishJournal } from './finish-journal.js'
import { groupCommitter, type SentCommit } from './group-commit.js'
import type { ChannelName } from './message.js'
import { claimDue, type FailedTry, markFailed, markSentAndFinish } from './outbox.js'
import type { DueMessage, Provider } from './provider.js'
import type { ChannelSettings } from './settings.js'

export interface RoundDeps {
  db: AnyDb
  /** The database's pool, for the "sent" commits (a transaction each). */
  pool: pg.Pool
  /** Where each message is recorded just before its end is written (finish-journal.ts). */
  journal: FinishJournal
  providers: Map<ChannelName, Provider>
  settings: ChannelSettings
  random?: () => number
}

export interface RoundResult {
  claimed: number
  sent: number
  retried: number
  dead: number
  /** The delivery events of this round, for the caller to ingest in one batch. */
  events: RawMessage[]
}

/** The rows one round claimed, under its fencing token. */
export interface ClaimedRound {
  token: string
  now: Date
  due: DueMessage[]
}

/** Claims up to a batch of due rows of the channels with a provider for one round, fenced by a fresh token. */
export async function claimRound(deps: RoundDeps, now: Date): Promise<ClaimedRound> {
  const token = randomUUID()
  const due = await claimDue(deps.db, {
    now,
    leaseEnd: new Date(now.getTime() + deps.settings.leaseMs),
    token,
    limit: deps.settings.batchSize,
    channels: [...deps.providers.keys()],
  })
  return { token, now, due }
}

/**
 * Sends a claimed round `concurrency` at a time, commits the "sent" marks in group commits before each
 * message's last step, then records the failures in one statement. `onAllTaken` is called once every message
 * is in a lane, so the caller can claim the next round while the last ones finish.
 */
export async function deliverRound(
  deps: RoundDeps,
  { token, now, due }: ClaimedRound,
  onAllTaken?: () => void,
): Promise<RoundResult> {
  const { db, settings } = deps
  const commit: SentCommit = (sent, then) =>
    markSentAndFinish(deps.pool, sent, token, now, then, deps.journal)
  const committer = groupCommitter(commit)
  const outcomes: Array<{ message: DueMessage; outcome: TryOutcome }> = []
  const failures: FailedTry[] = []

  const fail = (message: DueMessage, error: unknown) => {
    const text = error instanceof Error ? error.message : String(error)
    const permanent = (error as { permanent?: boolean }).permanent === true
    const retryAt =
      permanent || message.attempt >= settings.maxAttempts
        ? null
        : new Date(now.getTime() + retryDelayMs(message.attempt, settings, deps.random))
    failures.push({ outboxId: message.outboxId, error: text.slice(0, 1000), retryAt })
    outcomes.push({ message, outcome: { kind: retryAt ? 'failed' : 'dead', error: text } })
  }

  async function deliver(message: DueMessage): Promise<void> {
    const provider = deps.providers.get(message.channel)
    // Never so: a round claims only the channels it has a provider for.
    if (!provider) throw new Error(`claimed a ${message.channel} message without its provider`)
    let held: Awaited<ReturnType<Provider['send']>>
    try {
      held = await provider.send(message)
    } catch (error) {
      return fail(message, error)
    }
    const commit = await committer.markSent(message.outboxId, held)
    if ('lost' in commit) return // another round holds the row now (our lease ran out)
    try {
      await commit.finishing
      outcomes.push({ message, outcome: { kind: 'sent' } })
    } catch (error) {
      fail(message, error) // marked sent, then refused: back to failed
    }
  }

  let taken = 0
  const lane = async () => {
    while (taken < due.length) {
      const message = due[taken++] as DueMessage
      if (taken === due.length) onAllTaken?.()
      await deliver(message)
    }
  }
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, due.length) }, lane))
  await markFailed(db, failures, token, now)

  const count = (kind: TryOutcome['kind']) => outcomes.filter((o) => o.outcome.kind === kind).length
  return {
    claimed: due.length,
    sent: count('sent'),
    retried: count('failed'),
    dead: count('dead'),
    events: outcomes
      .filter((o) => recordsDeliveryEvent(o.message))
      .map((o) => deliveryEvent(o.message, o.outcome, now)),
  }
}

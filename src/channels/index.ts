import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { AnyDb } from '../db/index.js'
import type { IngestResult, RawMessage } from '../events/index.js'
import { startTicker, type Ticker } from '../jobs/index.js'
import { claimRound, deliverRound, type RoundDeps } from './deliver-round.js'
import { deliveryEvent } from './delivery-events.js'
import { type FinishJournal, openFinishJournal, recoverFinished } from './finish-journal.js'
import { ingestBehind } from './ingest-behind.js'
import {
  CHANNEL_NAMES,
  type ChannelName,
  OUTBOX_STATES,
  type OutboxState,
  type OutboxView,
  type OutgoingMessage,
} from './message.js'
import { claimPending, enqueueMessages } from './outbox.js'
import { configuredProviders } from './providers.js'
import { type DeliveryState, deliveryStates, listMessages, outboxCounts } from './queries.js'
import { type RetryOutcome, retryMessage } from './retry.js'
import type { ChannelSettings } from './settings.js'
import { testMessage } from './test-message.js'

export {
  CHANNEL_NAMES,
  type ChannelName,
  MESSAGE_TYPES,
  type MessageType,
  OUTBOX_STATES,
  type OutboxState,
  type OutboxView,
  type OutgoingMessage,
} from './message.js'
export { channelsMigrations } from './migrations.js'
export type { DeliveryState } from './queries.js'
export type { RetryOutcome } from './retry.js'
export {
  type ChannelSettings,
  DEFAULT_CHANNEL_SETTINGS,
  type HttpProviderSettings,
  PROVIDER_SETTING,
} from './settings.js'
export { TEST_MESSAGE_CUSTOMER } from './test-message.js'
export { webhookSignature } from './webhook.js'

/** A channel as the admin API shows it. */
export interface ChannelOverview {
  channel: ChannelName
  configured: boolean
  messages: Record<OutboxState, number>
  /** Messages that go once a provider for the channel is configured (0 when one is). */
  waitingForProvider: number
}

/** How a test message's one try ended, as the outbox holds it after the try (never more than it reached). */
export type TestSend =
  | { kind: 'not-configured' }
  | { kind: 'tried'; id: string; state: OutboxState; lastError: string | null }

/** Every outgoing message goes through the outbox: stored with its idempotency key, then sent once. */
export interface Channels {
  /** Stores messages in the outbox inside the caller's transaction; idempotent on idempotencyKey. */
  enqueue(db: AnyDb, messages: OutgoingMessage[]): Promise<{ enqueued: string[]; duplicates: string[] }>
  /** Sends what is due (claimed with FOR UPDATE SKIP LOCKED), retries with exponential backoff, then dead-letters. */
  deliverDue(now?: Date): Promise<{ sent: number; retried: number; dead: number }>
  /** Delivers due messages every `tickMs` until stopped. */
  startWorker(onError: (error: unknown) => void): Ticker
  /** Outbox messages, newest first, a page at a time. */
  listMessages(filter: {
    customerId?: string
    state?: OutboxState
    channel?: ChannelName
    limit: number
    after?: string
  }): Promise<{ messages: OutboxView[]; next: string | null }>
  /** Where the messages of these idempotency keys stand (`db`: the caller's transaction or the database). */
  deliveryStates(db: AnyDb, keys: readonly string[]): Promise<Map<string, DeliveryState>>
  /** Which channels have a provider configured (log always). */
  configured(): ChannelName[]
  /**
   * Every channel: whether a provider is configured, its outbox messages by state, and how many of them
   * wait for a provider (pending or failed on a channel this process has none for).
   */
  overview(): Promise<ChannelOverview[]>
  /** Puts a dead (or failed) message back: pending, with a new round of tries (retry.ts). */
  retry(id: string): Promise<RetryOutcome>
  /**
   * Sends a test message to `to` through the channel's provider, by the outbox: stored and tried once now,
   * then left to the outbox (a failed try is retried like any message). Answers the state the try reached.
   */
  sendTest(channel: ChannelName, to: string, by: string): Promise<TestSend>
  /** Closes the providers' idle connections. */
  close(): Promise<void>
}

export interface ChannelsDeps {
  db: AnyDb
  /** The database's pool: each group of "sent" marks is a transaction of its own (outbox.ts). */
  pool: pg.Pool
  clock: () => Date
  settings: ChannelSettings
  /** Reel's data folder: the log channel writes to `<dataDir>/messages`, the finish journal beside it. */
  dataDir: string
  /** Records delivery results as events (Message Sent / Failed / Dead), durably. */
  ingest(batch: RawMessage[]): Promise<IngestResult>
}

export function createChannels(deps: ChannelsDeps): Channels {
  const { db, clock, settings } = deps
  const providers = configuredProviders(settings, deps.dataDir, clock)
  let journal: FinishJournal | undefined

  /** Once per process, before its first claim: marks sent what a crashed process sent but had not marked. */
  async function openJournal(now: Date): Promise<{ journal: FinishJournal; recovered: RawMessage[] }> {
    if (journal) return { journal, recovered: [] }
    const recovered = await recoverFinished(db, deps.dataDir, now)
    journal ??= openFinishJournal(deps.dataDir)
    return { journal, recovered: recovered.map((m) => deliveryEvent(m, { kind: 'sent' }, now)) }
  }

  const roundDepsOf = (journal: FinishJournal): RoundDeps => ({
    db,
    pool: deps.pool,
    journal,
    providers,
    settings,
  })

  async function deliverDue(now?: Date) {
    const { journal, recovered: recoveredEvents } = await openJournal(now ?? clock())
    const roundDeps = roundDepsOf(journal)
    const total = { sent: 0, retried: 0, dead: 0 }
    // A round's delivery events are ingested while the next round sends.
    const events = ingestBehind(deps.ingest)
    await events.add(recoveredEvents)
    // Round after round while rounds come back full: a backlog is sent without waiting for the tick. The
    // next round is claimed while the last messages of a full one finish.
    let claimed = await claimRound(roundDeps, now ?? clock())
    for (;;) {
      let allTaken!: () => void
      const taken = new Promise<void>((resolve) => {
        allTaken = resolve
      })
      const next =
        claimed.due.length >= settings.batchSize
          ? taken.then(() => claimRound(roundDeps, now ?? clock()))
          : undefined
      next?.catch(() => {}) // awaited below; if this round fails, the rows claimed ahead wait for their lease
      const round = await deliverRound(roundDeps, claimed, allTaken)
      await events.add(round.events)
      total.sent += round.sent
      total.retried += round.retried
      total.dead += round.dead
      if (!next) break
      claimed = await next
    }
    await events.flush()
    return total
  }

  async function sendTest(channel: ChannelName, to: string, by: string): Promise<TestSend> {
    if (!providers.has(channel)) return { kind: 'not-configured' }
    const now = clock()
    const { journal, recovered } = await openJournal(now)
    if (recovered.length > 0) await deps.ingest(recovered)
    const key = `test:${channel}:${randomUUID()}`
    const token = randomUUID()
    // Stored and claimed in one transaction, so no worker takes it first: this request tries it itself.
    const due = await db.transaction().execute(async (tx) => {
      await enqueueMessages(tx, [testMessage(channel, to, by, key, now)], now)
      return claimPending(tx, key, { now, leaseEnd: new Date(now.getTime() + settings.leaseMs), token })
    })
    if (!due) throw new Error(`the test message ${key} was stored but not claimed`)
    await deliverRound(roundDepsOf(journal), { token, now, due: [due] })
    const state = (await deliveryStates(db, [key], now)).get(key)
    if (!state) throw new Error(`the test message ${key} is not in the outbox`)
    return { kind: 'tried', id: due.outboxId, state: state.state, lastError: state.lastError }
  }

  return {
    enqueue: (tx, messages) => enqueueMessages(tx, messages, clock()),
    deliverDue,
    startWorker: (onError) => startTicker(() => deliverDue(), settings.tickMs, onError),
    listMessages: (filter) => listMessages(db, filter),
    // A sent row is final once its round's lease is over: the round has recorded any refusal by then.
    deliveryStates: (tx, keys) => deliveryStates(tx, keys, new Date(clock().getTime() - settings.leaseMs)),
    configured: () => [...providers.keys()],
    async overview() {
      const counts = await outboxCounts(db)
      return CHANNEL_NAMES.map((channel) => {
        const messages = Object.fromEntries(
          OUTBOX_STATES.map((state) => [
            state,
            counts.find((c) => c.channel === channel && c.state === state)?.n ?? 0,
          ]),
        ) as Record<OutboxState, number>
        const configured = providers.has(channel)
        // A failed row waits too: it failed under a provider another process had, and nobody here retries it.
        const waitingForProvider = configured ? 0 : messages.pending + messages.failed
        return { channel, configured, messages, waitingForProvider }
      })
    },
    retry: (id) => retryMessage(db, id, clock()),
    sendTest,
    async close() {
      journal?.close()
      journal = undefined
      await Promise.all([...providers.values()].map((p) => p.close()))
    },
  }
}

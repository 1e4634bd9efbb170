import type { AnyDb } from '../db/index.js'
import type { MessageProblem, RawMessage } from './message.js'

/** What a durable ingestion of one batch did. */
export interface IngestResult {
  /** Events stored by this call. */
  accepted: number
  /** Events already stored earlier (same messageId): stored once, acknowledged again. */
  duplicates: number
  /** Events set aside in the quarantine, with the reason. */
  quarantined: MessageProblem[]
  /**
   * Strings and keys, by message index and dotted path, whose NUL characters and lone UTF-16 surrogates
   * (which the database cannot store) were replaced by U+FFFD. A stored event lists its own in
   * `context.reelRepaired`.
   */
  repaired: MessageProblem[]
  /**
   * Where the batch ends in the log (`xid.seq`), for a reader that must see it projected (`?after=`);
   * null when it stored nothing.
   */
  position: string | null
}

/**
 * The one path every event takes into Reel: live HTTP ingestion, `reel import` and `reel demo`.
 * Resolves only after the batch is committed (and, unless `settle: false`, projected), or, given the
 * caller's transaction (`tx`), once the batch is in it: the events then commit or roll back with the
 * caller's change (a gift claim and its sign-up), and are projected after it commits.
 */
export interface EventIngestor {
  ingest(
    batch: RawMessage[],
    options?: {
      receivedAt?: string
      source?: string
      tx?: AnyDb | undefined
      /** false: answer once the batch is durable in the log, without waiting for its projection. */
      settle?: boolean
    },
  ): Promise<IngestResult>
  /**
   * Resolves once the log is projected up to `position` (an ingest's answer): for a caller that ingested
   * without settling, batch after batch, and needs the state at the end (an import).
   */
  settle(position: string): Promise<void>
}

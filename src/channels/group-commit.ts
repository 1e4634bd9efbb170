import type { HeldDelivery } from './provider.js'

/** What a committer answers for one held message: it was ours and its last step is under way, or not. */
export type CommitOutcome = { finishing: ReturnType<HeldDelivery['finish']> } | { lost: true }

/**
 * Event-loop turns a commit waits before it starts, so that messages whose server answers are already in (a
 * 354 read in the same turn, then held in the next) join it: fewer, larger commits for a few microseconds.
 */
const GATHER_TURNS = 3

/**
 * Marks the deliveries sent and calls `finishOurs` with those still ours, at the moment the commit may no
 * longer be lost (see outbox.ts); throws when the commit failed.
 */
export type SentCommit = (
  deliveries: Array<{ outboxId: string; providerMessageId: string | null }>,
  finishOurs: (ours: Set<string>) => void,
) => Promise<void>

/**
 * Commits "sent" marks for many held messages together: whatever waits while one commit runs goes in the
 * next, and a commit first lets the messages about to be held join it. Every committed delivery's `finish`
 * is called in one synchronous loop, so the ends of all those messages are written to their sockets without
 * waiting for anything else.
 */
export function groupCommitter(commit: SentCommit) {
  let waiting: Array<{ outboxId: string; held: HeldDelivery; settle: (outcome: CommitOutcome) => void }> = []
  let committing = false

  async function drain(): Promise<void> {
    committing = true
    while (waiting.length > 0) {
      for (let turn = 0; turn < GATHER_TURNS; turn++) await new Promise(setImmediate)
      const batch = waiting
      waiting = []
      const outcomes = new Map<string, CommitOutcome>()
      const finishOurs = (ours: Set<string>) => {
        for (const w of batch) {
          if (!ours.has(w.outboxId)) continue
          const finishing = w.held.finish()
          // Its sender awaits it once the commit has answered; a refusal arriving before then is not unhandled.
          finishing.catch(() => undefined)
          outcomes.set(w.outboxId, { finishing })
        }
      }
      try {
        await commit(
          batch.map((w) => ({ outboxId: w.outboxId, providerMessageId: w.held.providerMessageId })),
          finishOurs,
        )
      } catch {
        // Not committed: the rows stay `sending` and are due again when their lease ends. (A commit that
        // failed after its messages were finished cannot be told from one that succeeded: they went.)
      }
      for (const w of batch) {
        let outcome = outcomes.get(w.outboxId)
        if (!outcome) {
          w.held.abandon()
          outcome = { lost: true }
        }
        w.settle(outcome)
      }
    }
    committing = false
  }

  return {
    /** Waits for the message's row to be committed as sent (then it is finishing), or lost to another round. */
    markSent(outboxId: string, held: HeldDelivery): Promise<CommitOutcome> {
      return new Promise((settle) => {
        waiting.push({ outboxId, held, settle })
        if (!committing) void drain()
      })
    },
  }
}

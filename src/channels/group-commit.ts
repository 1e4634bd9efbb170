import type { HeldDelivery } from './provider.js'

/** What a committer answers for one held message: it was ours and its last step is under way, or not. */
export type CommitOutcome = { finishing: ReturnType<HeldDelivery['finish']> } | { lost: true }

/**
 * Event-loop turns a commit waits before it starts, so that messages whose server answers are already in (a
 * 354 read in the same turn, then held in the next) join it: fewer, larger commits for a few microseconds.
 */
const GATHER_TURNS = 3

/**
 * Marks the deliveries sent, calling `finish` for each one still ours at the moment its end may go (see
 * outbox.ts); throws when the marks were not committed.
 */
export type SentCommit = (
  deliveries: Array<{ outboxId: string; providerMessageId: string | null }>,
  finish: (outboxId: string) => void,
) => Promise<void>

/**
 * Commits "sent" marks for many held messages together: whatever waits while one commit runs goes in the
 * next, and a commit first lets the messages about to be held join it. The committer finishes the group's
 * messages in one synchronous loop, so their ends are written to their sockets without waiting for anything
 * else.
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
      const held = new Map(batch.map((w) => [w.outboxId, w.held]))
      const finish = (outboxId: string) => {
        const finishing = held.get(outboxId)?.finish()
        if (!finishing) return
        // Its sender awaits it once the commit has answered; a refusal arriving before then is not unhandled.
        finishing.catch(() => undefined)
        outcomes.set(outboxId, { finishing })
      }
      try {
        await commit(
          batch.map((w) => ({ outboxId: w.outboxId, providerMessageId: w.held.providerMessageId })),
          finish,
        )
      } catch {
        // Not committed: the rows stay `sending` and are due again when their lease ends; those finished
        // anyway are in the journal, which the next start reads.
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

import type { HeldDelivery } from './provider.js'

/** What a committer answers for one held message: it was ours and its last step is under way, or not. */
export type CommitOutcome = { finishing: ReturnType<HeldDelivery['finish']> } | { lost: true }

/**
 * Commits "sent" marks for many held messages together: whatever waits while one commit runs goes in the
 * next. Right after a commit, every committed delivery's `finish` is called in one synchronous loop, so the
 * ends of all those messages are written to their sockets without waiting for anything else.
 */
export function groupCommitter(
  commit: (deliveries: Array<{ outboxId: string; providerMessageId: string | null }>) => Promise<Set<string>>,
) {
  let waiting: Array<{ outboxId: string; held: HeldDelivery; settle: (outcome: CommitOutcome) => void }> = []
  let committing = false

  async function drain(): Promise<void> {
    committing = true
    while (waiting.length > 0) {
      const batch = waiting
      waiting = []
      let ours: Set<string>
      try {
        ours = await commit(
          batch.map((w) => ({ outboxId: w.outboxId, providerMessageId: w.held.providerMessageId })),
        )
      } catch {
        // Nothing committed: the rows stay `sending` and are due again when their lease ends.
        ours = new Set()
      }
      const outcomes = batch.map((w): CommitOutcome => {
        if (ours.has(w.outboxId)) return { finishing: w.held.finish() }
        w.held.abandon()
        return { lost: true }
      })
      for (const [i, w] of batch.entries()) {
        const outcome = outcomes[i]
        if (outcome) w.settle(outcome)
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

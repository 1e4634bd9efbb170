import type { RawMessage } from '../events/index.js'

/**
 * Ingests delivery events behind the sending: `add` hands over a round's events (after its marks committed)
 * and returns while they are ingested, so the next round can send meanwhile. One ingest runs at a time and
 * one round's events wait at most: an `add` while both are taken first waits for the running ingest, so a
 * crash loses the events of two rounds at most. `flush` waits for everything added; an ingest's error is
 * thrown by the next `add` or `flush`.
 */
export function ingestBehind(ingest: (batch: RawMessage[]) => Promise<unknown>) {
  let waiting: RawMessage[] = []
  let running: Promise<void> | null = null
  let failure: { error: unknown } | null = null

  async function drain(): Promise<void> {
    while (waiting.length > 0 && !failure) {
      const batch = waiting
      waiting = []
      try {
        await ingest(batch)
      } catch (error) {
        failure = { error }
      }
    }
    running = null
  }

  const rethrow = () => {
    if (failure) throw failure.error
  }

  return {
    async add(events: RawMessage[]): Promise<void> {
      while (running && waiting.length > 0) await running
      rethrow()
      if (events.length === 0) return
      waiting = events
      running ??= drain()
    },
    async flush(): Promise<void> {
      while (running) await running
      rethrow()
    },
  }
}

export { startThread } from './thread.js'

/** A background round that runs every `intervalMs`, one round at a time, until stopped. */
export interface Ticker {
  /** Stops scheduling rounds and waits for the one in flight. */
  stop(): Promise<void>
}

/**
 * Runs `round` now and then `intervalMs` after each round ends (so rounds never overlap). A failed
 * round is reported to `onError` and the next one runs as planned.
 */
export function startTicker(
  round: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): Ticker {
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const tick = () => {
    running = round()
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs)
      })
  }
  let timer: NodeJS.Timeout = setTimeout(tick, 0)
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}

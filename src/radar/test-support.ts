import type { Reel } from '../app.js'
import type { SignalView } from './index.js'

/** Every signal of the radar as of `asOf`, read page by page through its public listing. */
export async function allSignals(reel: Reel, asOf: Date): Promise<SignalView[]> {
  const signals: SignalView[] = []
  let cursor: string | undefined
  do {
    const page = await reel.radar.listSignals({ asOf, limit: 1000, cursor })
    signals.push(...page.signals)
    cursor = page.next ?? undefined
  } while (cursor)
  return signals
}

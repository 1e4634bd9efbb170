import type { AnyDb } from '../db/index.js'
import type { PassResult } from './customer-pass.js'
import { markWonBack, retractSignalsNotIn, saveRuns, upsertSignals } from './store.js'

/** Stores what a pass produced: runs, signals (reconciled for replayed customers), wins back. Returns the signal ids written. */
export async function writePass(tx: AnyDb, pass: PassResult, wonBackDays: number): Promise<number[]> {
  await saveRuns(tx, pass.runs)
  const ids = await upsertSignals(tx, pass.signals)
  await retractSignalsNotIn(tx, pass.replayed, ids)
  await markWonBack(tx, pass.orders, wonBackDays)
  return ids
}

/**
 * The Hillstrom uplift protocol (issue 12, item 7), shared by `npm run bench -- uplift` and its smaller
 * run in `npm test`: one arm against No E-Mail, one outcome, a seeded stratified 70/30 split per seed.
 */
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type EncodedTable,
  evaluateUplift,
  type LearnerName,
  readUpliftCsv,
  trainUplift,
  type UpliftEvaluation,
} from '../src/uplift/index.js'

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..')
/** hillstrom.csv in the shared data folder (REEL_TEST_DATA, else ../shared/data beside the repository). */
export const HILLSTROM_CSV = join(
  process.env.REEL_TEST_DATA ?? resolve(repoRoot, '..', 'shared', 'data'),
  'hillstrom',
  'hillstrom.csv',
)

/** The customer's features before the e-mail; visit, conversion and spend are outcomes, segment the arm. */
export const HILLSTROM_FEATURES = [
  'recency',
  'history_segment',
  'history',
  'mens',
  'womens',
  'zip_code',
  'newbie',
  'channel',
]

export type HillstromArm = 'Womens E-Mail' | 'Mens E-Mail'
export type HillstromOutcome = 'visit' | 'conversion' | 'spend'

/** The two arms' rows with the given outcome, on every feature column but those dropped. */
export function hillstromTable(
  arm: HillstromArm,
  outcome: HillstromOutcome,
  options: { path?: string; drop?: readonly string[] } = {},
): EncodedTable {
  return readUpliftCsv(options.path ?? HILLSTROM_CSV, {
    treatmentColumn: 'segment',
    treatmentValue: arm,
    controlValue: 'No E-Mail',
    outcomeColumn: outcome,
    featureColumns: HILLSTROM_FEATURES.filter((name) => !options.drop?.includes(name)),
  })
}

/** The protocol's figures for each seed. */
export function runSeeds(
  table: EncodedTable,
  learner: LearnerName,
  seeds: readonly number[],
): UpliftEvaluation[] {
  return seeds.map((seed) => evaluateUplift(table.data, { seed, testShare: 0.3, learner }))
}

/** Seconds to train on every row of the arm pair (the 30 s limit is for 42,693 rows). */
export function fullTrainingSeconds(table: EncodedTable, learner: LearnerName): number {
  const started = performance.now()
  trainUplift(table.data, { learner, seed: 0 })
  return (performance.now() - started) / 1000
}

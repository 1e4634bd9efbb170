/**
 * `npm run bench -- delivery`: delivery promises on Olist, the shop's own estimate against plain lane
 * quantiles and Reel's model at purchase and at the carrier's handover, on a time split (train on the
 * earlier 70% of delivered orders by purchase time, test on the later 30%).
 *
 * Options: --folder PATH (olist_sample_4000 in REEL_TEST_DATA or ../shared/data) --sellers PATH (the
 * official catalogue's sellers file) --tune (evaluate on the training part only: its later 30% is tested).
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { testDataDir } from '../src/imports/test-support.js'
import {
  evaluatePromises,
  type MethodFigures,
  OLIST_SELLERS_FILE,
  type PromiseEvaluation,
  readOlistShipments,
  splitByPurchase,
} from '../src/shipping/promise/index.js'

const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)}%`)

function row(name: string, f: MethodFigures): string {
  return `| ${name} | ${f.orders} | ${f.promisedDays.toFixed(1)} | ${percent(f.metShare)} | ${f.pointMaeDays.toFixed(2)} | ${percent(f.rangeCoverage)} |`
}

// Each goal says whether it is reached, so a missed one cannot hide in a line of figures.
const goal = (text: string, reached: boolean) => `${text} (${reached ? 'reached' : 'MISSED'})`

/** The methods' table and the goal line as Markdown. */
export function deliveryTable(evaluation: PromiseEvaluation): string {
  const reelShipped = evaluation.methods['Reel at handover']!
  const reelAtPurchase = evaluation.methods['Reel at purchase']!
  const shopMet = evaluation.methods["shop's own estimate"]!.metShare
  const inRange = (share: number | null) => share !== null && Math.abs(share - 0.8) <= 0.04
  const goals = [
    goal(`met ${percent(reelShipped.metShare)} ≥ ${percent(shopMet)}`, reelShipped.metShare >= shopMet),
    goal(`promised ${reelShipped.promisedDays.toFixed(1)} ≤ 17 days`, reelShipped.promisedDays <= 17),
    goal(
      `point error ${reelShipped.pointMaeDays.toFixed(2)} ≤ 3.0 days shipped`,
      reelShipped.pointMaeDays <= 3.0,
    ),
    goal(`${reelAtPurchase.pointMaeDays.toFixed(2)} ≤ 4.0 at purchase`, reelAtPurchase.pointMaeDays <= 4.0),
    goal(
      `80% range covering ${percent(reelShipped.rangeCoverage)} / ${percent(reelAtPurchase.rangeCoverage)} (80% ± 4%)`,
      inRange(reelShipped.rangeCoverage) && inRange(reelAtPurchase.rangeCoverage),
    ),
  ]
  return [
    `${evaluation.trainOrders} train and ${evaluation.testOrders} test orders; actual delivery ${evaluation.actualDays.toFixed(1)} days after purchase on average.`,
    '',
    '| method | orders | promised days | met | point MAE days | 80% range covers |',
    '|---|---|---|---|---|---|',
    ...Object.entries(evaluation.methods).map(([name, f]) => row(name, f)),
    '',
    `Goal: ${goals.join('; ')}.`,
    `The handover update moved ${percent(evaluation.movedLaterAtHandover)} of the promises made at purchase later.`,
  ].join('\n')
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      folder: { type: 'string', default: join(testDataDir, 'olist_sample_4000') },
      sellers: { type: 'string', default: join(testDataDir, 'olist_official_catalog', OLIST_SELLERS_FILE) },
      tune: { type: 'boolean', default: false },
    },
  })
  const started = performance.now()
  const shipments = await readOlistShipments(values.folder, values.sellers)
  const tested = values.tune ? splitByPurchase(shipments, 0.3).train : shipments
  const evaluation = evaluatePromises(tested)
  const seconds = (performance.now() - started) / 1000
  console.log(
    [
      `Olist (${values.folder})${values.tune ? ', tuning split: the training part only' : ''}`,
      '',
      deliveryTable(evaluation),
      '',
      `Read, fit daily and promise end to end: ${seconds.toFixed(1)} s.`,
    ].join('\n'),
  )
}

/**
 * `npm run bench -- uplift` (issue 12, item 7): the Hillstrom e-mail trial, each arm against No E-Mail,
 * outcomes visit, conversion and spend; per learner the mean and spread (sample sd) over seeds of the
 * normalised Qini, AUUC and uplift@30% on the 30% test part (scikit-uplift's definitions), and the time to
 * train on all rows of the arm pair (limit 30 s for 42,693 rows).
 *
 * Options: --seeds N (10: seeds 0 to N−1) --learners a,b (every learner that fits the outcome)
 * --drop column,column (feature columns to leave out) --csv PATH (hillstrom.csv in REEL_TEST_DATA or
 * ../shared/data).
 */
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { LEARNER_NAMES, learnerOutcome } from '../src/uplift/index.js'
import { meanAndSd } from './support/spread.js'
import {
  fullTrainingSeconds,
  HILLSTROM_CSV,
  type HillstromArm,
  type HillstromOutcome,
  hillstromTable,
  runSeeds,
} from './uplift-protocol.js'

const SCENARIOS: [HillstromArm, HillstromOutcome][] = [
  ['Womens E-Mail', 'visit'],
  ['Mens E-Mail', 'visit'],
  ['Womens E-Mail', 'conversion'],
  ['Mens E-Mail', 'conversion'],
  ['Womens E-Mail', 'spend'],
  ['Mens E-Mail', 'spend'],
]

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      seeds: { type: 'string', default: '10' },
      learners: { type: 'string' },
      drop: { type: 'string' },
      csv: { type: 'string' },
    },
  })
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i)
  const chosen = values.learners ? values.learners.split(',') : LEARNER_NAMES
  const csv = values.csv ?? HILLSTROM_CSV
  const drop = values.drop ? values.drop.split(',') : []
  const started = performance.now()
  const lines = [
    '| arm vs No E-Mail | outcome | learner | rows train / test | Qini | AUUC | uplift@30% | train on all rows |',
    '|---|---|---|---|---|---|---|---|',
  ]
  for (const [arm, outcome] of SCENARIOS) {
    const table = hillstromTable(arm, outcome, { path: csv, drop })
    const binary = outcome !== 'spend'
    for (const learner of chosen.filter((name) => (learnerOutcome(name) === 'binary') === binary)) {
      const results = runSeeds(table, learner, seeds)
      const auuc = results.every((r) => r.auuc !== null) ? meanAndSd(results.map((r) => r.auuc!)) : '-'
      const row = [
        arm.replace(' E-Mail', ''),
        outcome,
        learner,
        `${results[0]!.rows.train} / ${results[0]!.rows.test}`,
        meanAndSd(results.map((r) => r.qini)),
        auuc,
        meanAndSd(results.map((r) => r.upliftAt30)),
        `${fullTrainingSeconds(table, learner).toFixed(2)} s (${table.data.rows.length} rows)`,
      ]
      lines.push(`| ${row.join(' | ')} |`)
      process.stdout.write(`${lines.at(-1)}\n`)
    }
  }
  const date = new Date().toISOString().slice(0, 10)
  process.stdout.write(
    `\nseeds ${seeds[0]}-${seeds.at(-1)}, 30% test, features ${drop.length ? `without ${drop.join(', ')}` : 'all 8'}, mean ± sd over seeds; ${date}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; ${((performance.now() - started) / 1000).toFixed(0)} s in all\n\n${lines.join('\n')}\n`,
  )
}

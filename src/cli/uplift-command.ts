import { type Command, InvalidArgumentError, Option } from 'commander'
import {
  DEFAULT_CONTINUOUS_LEARNER,
  DEFAULT_LEARNER,
  evaluateUplift,
  LEARNER_NAMES,
  learnerOutcome,
  readUpliftCsv,
  requireBinaryOutcome,
  TableError,
} from '../uplift/index.js'

interface EvaluateCliOptions {
  csv: string
  treatmentCol: string
  treatmentValue: string
  controlValue: string
  outcome: string
  seed: number
  testShare: number
  learner?: string
  features?: string[]
  json?: boolean
}

function seed(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a whole number of 0 or more')
  return n
}

function share(value: string): number {
  const n = Number(value)
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('expected a share between 0 and 1, e.g. 0.3')
  return n
}

function columns(value: string): string[] {
  const names = value.split(',').map((name) => name.trim())
  if (names.some((name) => name === ''))
    throw new InvalidArgumentError('expected column names separated by commas')
  return names
}

function evaluate(opts: EvaluateCliOptions): void {
  const table = readUpliftCsv(opts.csv, {
    treatmentColumn: opts.treatmentCol,
    treatmentValue: opts.treatmentValue,
    controlValue: opts.controlValue,
    outcomeColumn: opts.outcome,
    ...(opts.features ? { featureColumns: opts.features } : {}),
  })
  // Without a named learner the outcome picks one: a classifier for 0/1, a regression for anything else.
  const binary = table.data.outcome.every((y) => y === 0 || y === 1)
  const learner = opts.learner ?? (binary ? DEFAULT_LEARNER : DEFAULT_CONTINUOUS_LEARNER)
  if (learnerOutcome(learner) === 'binary') requireBinaryOutcome(table, opts.outcome)
  const result = evaluateUplift(table.data, { seed: opts.seed, testShare: opts.testShare, learner })
  const summary = {
    learner: result.learner,
    qini: result.qini,
    auuc: result.auuc,
    upliftAt30: result.upliftAt30,
    rows: result.rows,
  }
  if (opts.json) {
    console.log(JSON.stringify(summary))
    return
  }
  const figure = (v: number | null) => (v === null ? '-' : v.toFixed(4))
  console.log(
    [
      `learner      ${summary.learner}`,
      `qini         ${figure(summary.qini)}   (normalised Qini coefficient, scikit-uplift qini_auc_score)`,
      `auuc         ${figure(summary.auuc)}   (normalised area under the uplift curve)`,
      `uplift@30%   ${figure(summary.upliftAt30)}   (treated minus control outcome in the top 30%)`,
      `rows         ${summary.rows.train} train, ${summary.rows.test} test (${table.ignoredRows} rows of other arms ignored)`,
    ].join('\n'),
  )
}

/** `reel uplift evaluate`: the uplift-model protocol on any randomised CSV; bad input exits 2 naming the cause. */
export function registerUplift(program: Command): void {
  const uplift = program
    .command('uplift')
    .description('uplift models: whom a campaign moves, judged on held-out data')
  uplift
    .command('evaluate')
    .description(
      'train an uplift model on a stratified split of a randomised CSV and print the metrics of its test part',
    )
    .requiredOption('--csv <file>', 'the CSV file, with a header line')
    .requiredOption('--treatment-col <column>', 'the column that says which arm a row was in')
    .requiredOption('--treatment-value <value>', "the treated arm's value in that column")
    .requiredOption(
      '--control-value <value>',
      "the control arm's value (rows of any other value are ignored)",
    )
    .requiredOption('--outcome <column>', 'the outcome column (0/1, or a number such as spend)')
    .requiredOption('--seed <n>', 'seed of the split', seed)
    .option('--test-share <share>', 'share of each arm × outcome stratum held out for testing', share, 0.3)
    .addOption(
      new Option(
        '--learner <name>',
        `the learner (default ${DEFAULT_LEARNER}, or ${DEFAULT_CONTINUOUS_LEARNER} for a continuous outcome)`,
      ).choices(LEARNER_NAMES),
    )
    .option(
      '--features <columns>',
      'feature columns, comma-separated (default: every other column; leave out other outcomes, e.g. Hillstrom conversion and spend)',
      columns,
    )
    .option('--json', 'print {learner, qini, auuc, upliftAt30, rows: {train, test}}')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action((opts: EvaluateCliOptions) => {
      try {
        evaluate(opts)
      } catch (error) {
        if (!(error instanceof TableError || error instanceof RangeError)) throw error
        process.stderr.write(`reel uplift evaluate: ${error.message}\n`)
        process.exit(2)
      }
    })
}

import { type Command, InvalidArgumentError, Option } from 'commander'
import {
  dayOfDate,
  evaluate,
  evaluationJson,
  evaluationText,
  type FitQuality,
  type FitRecord,
  type FitSummary,
  holdoutTables,
  readTransactionsFile,
  summarise,
  TRANSACTION_FORMATS,
  type TransactionFormat,
  TransactionsFileError,
} from '../predict/index.js'
import type { WithReel } from './with-reel.js'

interface EvaluateOptions {
  file: string
  format: TransactionFormat
  calibrationEnd: number
  holdoutEnd: number
  unit: 'week' | 'day'
  json?: boolean
}

function date(value: string): number {
  const day = dayOfDate(value)
  if (day === null) throw new InvalidArgumentError('expected a date, YYYY-MM-DD')
  return day
}

/** `reel predict evaluate`: fit BG/NBD and Gamma-Gamma on a transactions file and check them on its holdout. */
export function addPredictEvaluateCommand(predict: Command): void {
  predict
    .command('evaluate')
    .description(
      'fit BG/NBD and Gamma-Gamma on the purchases of a file up to --calibration-end and check the forecast of the holdout up to --holdout-end against what happened',
    )
    .requiredOption('--file <file>', 'the transactions file')
    .addOption(
      new Option(
        '--format <format>',
        'cdnow: customer [cohort] YYYYMMDD units amount; csv: customer_id,date,amount',
      )
        .choices(TRANSACTION_FORMATS)
        .default('cdnow'),
    )
    .requiredOption('--calibration-end <date>', 'the last day of the calibration period (YYYY-MM-DD)', date)
    .requiredOption('--holdout-end <date>', 'the last day of the holdout (YYYY-MM-DD)', date)
    .addOption(
      new Option('--unit <unit>', 'the model time unit (the papers use weeks)')
        .choices(['week', 'day'])
        .default('week'),
    )
    .option(
      '--json',
      'print {bgnbd, gammaGamma, holdout: {actual, predicted, maePerCustomer, naiveMae, ...}}',
    )
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action((opts: EvaluateOptions) => {
      const fail = (message: string) => {
        process.stderr.write(`reel predict evaluate: ${message}\n`)
        process.exit(2)
      }
      if (opts.holdoutEnd <= opts.calibrationEnd) fail('--holdout-end must come after --calibration-end')
      let purchases: ReturnType<typeof readTransactionsFile> = []
      try {
        purchases = readTransactionsFile(opts.file, opts.format)
      } catch (error) {
        if (error instanceof TransactionsFileError) fail(`${opts.file}: ${error.message}`)
        else fail(`cannot read ${opts.file}: ${(error as Error).message}`)
      }
      const unitDays = opts.unit === 'week' ? 7 : 1
      const histories = summarise(purchases, {
        calibrationEndDay: opts.calibrationEnd,
        holdoutEndDay: opts.holdoutEnd,
        unitDays,
      })
      if (!histories.some((h) => h.frequency > 0))
        fail('no customer bought twice before --calibration-end: there is nothing to fit')
      const result = evaluate(histories, (opts.holdoutEnd - opts.calibrationEnd) / unitDays)
      console.log(
        opts.json ? JSON.stringify(evaluationJson(result)) : evaluationText(result, `${opts.unit}s`),
      )
      if (!result.bgnbd.converged) process.exitCode = 1
    })
}

/** The outcome of a fit in lines: what was fitted or why not, and its quality on the shop's last months. */
export function describeFit(summary: FitSummary, current: FitRecord | null): string {
  const head =
    summary.status === 'ok'
      ? `fit ${summary.fitId}: ${summary.customers} customers, ${summary.repeatBuyers} repeat buyers, ${summary.churnRiskRaised} new churn risks on the radar (${summary.seconds.toFixed(1)} s)`
      : `fit ${summary.fitId} ${summary.status === 'refused' ? 'refused' : 'did not converge'}: ${summary.reason}`
  if (summary.status !== 'ok' || !current) return head
  const quality = current.quality as FitQuality
  if (quality.status !== 'ok') return `${head}\nquality not measured: ${quality.reason}`
  return `${head}\nquality, fitted up to ${quality.calibrationEnd} and checked on the ${quality.holdoutDays} days after:\n${holdoutTables(quality.check, 'days')}`
}

export function registerPredict(program: Command, withReel: WithReel): void {
  const predict = program
    .command('predict')
    .description('churn probability, expected orders and customer value (BG/NBD, Gamma-Gamma)')
  addPredictEvaluateCommand(predict)
  predict
    .command('fit')
    .description(
      "fit the models on the shop's orders now, store every customer's predictions and raise the churn risks (the server refits on its own every REEL_PREDICT_REFIT_HOURS)",
    )
    .option('--json', 'print the fit summary and its quality as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withReel(async (reel) => {
        const summary = await reel.predictions.fit()
        const { current } = await reel.predictions.fits()
        console.log(
          opts.json
            ? JSON.stringify({ ...summary, quality: current?.quality ?? null })
            : describeFit(summary, current),
        )
        if (summary.status !== 'ok') process.exitCode = 1
      })
    })
}

/**
 * `npm run bench -- honesty`: the honesty check of the campaign report's statistics (issue 12, item 4).
 * Simulates thousands of campaigns with known true effects (bench/honesty-simulation.ts: zero effect in half
 * of them, holdout conversion 1–20%, arms from 200 to 50,000 customers, lognormal order values), analyses
 * each with `analyseExperiment` at 30 daily looks, and prints markdown tables: coverage of the 95% intervals,
 * false positives with 30 looks (always-valid against the naive fixed test), CUPED's variance reduction, and
 * the error of the reported incremental profit and promotion-dilemma share against the truth.
 *
 * Options: --campaigns N (4000) --seed S (1) --looks L (30) --min-arm N (200) --max-arm N (50000)
 * --null-share F (0.5) --loyal-share F (0.3) --replicates R (500) --json PATH.
 */
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import {
  type HonestyReport,
  METRIC_NAMES,
  type Rate,
  rate,
  rateError,
  runHonestyCheck,
} from './honesty-check.js'
import { fmt, log, parseBenchArgs } from './support/cli.js'

const pct = (r: Rate) =>
  r.total > 0 ? `${(100 * rate(r)).toFixed(1)}% ± ${(100 * rateError(r)).toFixed(1)}` : '–'
const signed = (x: number) => `${x < 0 ? '−' : ''}${fmt(Math.abs(x))}`
const points = (x: number) =>
  Number.isFinite(x) ? `${x < 0 ? '−' : ''}${(100 * Math.abs(x)).toFixed(1)}` : '–'

/** The report as the markdown that goes into docs/benchmarks.md. */
export function honestyMarkdown(report: HonestyReport): string {
  const { metrics, profit, cuped, promotionDilemma, options, withoutMinimum } = report
  const minimum = report.minimumConverters
  const lines = [
    `${fmt(report.campaigns)} campaigns (${fmt(report.nullCampaigns)} without effect), ${options.looks} daily looks, seed ${options.seed}, ` +
      `${report.seconds.toFixed(0)} s. Rates ± one binomial standard error. Analysed as the report does, with its minimum of ${minimum} converters and ` +
      `${minimum} non-converters per arm before any estimate (a look below it makes no claim): ${fmt(report.notEnough)} final reports said "not enough data".`,
    '',
    '| estimate | campaigns with an interval at the final look | 95% fixed, final look | always-valid, final look | always-valid, all looks | fixed, all looks | false positives, 30 looks: naive fixed | always-valid | fixed, final look only |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...METRIC_NAMES.map((name) => {
      const m = metrics[name]
      return `| ${name} | ${fmt(m.fixed.total)} | ${pct(m.fixed)} | ${pct(m.sequential)} | ${pct(m.sequentialEveryLook)} | ${pct(m.fixedEveryLook)} | ${pct(m.falsePositiveFixedAnyLook)} | **${pct(m.falsePositiveSequentialAnyLook)}** | ${pct(m.falsePositiveFixedFinal)} |`
    }),
    `| incremental profit | ${fmt(profit.coverage.total)} | ${pct(profit.coverage)} | ${pct(profit.sequentialCoverage)} | | | | | |`,
    '',
    `| the same looks with the minimum off (\`minimumConverters: 0\`) | campaigns with an interval at the final look | 95% fixed, final look | always-valid, all looks | false positives, 30 looks: naive fixed | always-valid |`,
    '|---|---:|---:|---:|---:|---:|',
    ...METRIC_NAMES.map((name) => {
      const m = withoutMinimum.metrics[name]
      return `| ${name} | ${fmt(m.fixed.total)} | ${pct(m.fixed)} | ${pct(m.sequentialEveryLook)} | ${pct(m.falsePositiveFixedAnyLook)} | ${pct(m.falsePositiveSequentialAnyLook)} |`
    }),
    `| incremental profit | ${fmt(withoutMinimum.profitCoverage.total)} | ${pct(withoutMinimum.profitCoverage)} | | | |`,
    '',
    '| 95% fixed intervals, final look, minimum off, by campaign size | campaigns | conversion lift | revenue per customer (Welch) | revenue per customer (CUPED) |',
    '|---|---:|---:|---:|---:|',
    ...report.coverageByConverters.map(
      (b) =>
        `| ${b.band} | ${fmt(b.conversion.total)} | ${pct(b.conversion)} | ${pct(b.welch)} | ${pct(b.cuped)} |`,
    ),
    '',
    '| CUPED on 90-day pre-period spend | campaigns | reported variance reduction (mean) | squared correlation of revenue and pre-spend (mean, the ideal reduction) |',
    '|---|---:|---:|---:|',
    ...cuped.byConversion.map(
      (b) =>
        `| ${b.band} | ${fmt(b.campaigns)} | ${(100 * b.meanReduction).toFixed(1)}% | ${(100 * b.meanSquaredCorrelation).toFixed(1)}% |`,
    ),
    `| one design replicated ${fmt(cuped.replicated.replicates)} times (${fmt(cuped.replicated.design.customers)} customers, half held out, loyal history, conversion ${100 * cuped.replicated.design.baseConversion}%, lift +${100 * cuped.replicated.design.lift}%) | | ${(100 * cuped.replicated.reportedReduction).toFixed(1)}% | realised: ${(100 * cuped.replicated.realisedReduction).toFixed(1)}% (1 − Var(CUPED estimates) ÷ Var(Welch estimates)) |`,
    '',
    '| money, final look | figure |',
    '|---|---:|',
    `| campaigns with an incremental profit | ${fmt(profit.campaigns)} |`,
    `| mean true incremental profit, absolute | ${fmt(profit.meanAbsoluteTrueProfit)} |`,
    `| reported − true profit: mean (bias) | ${signed(profit.meanError)} ± ${fmt(profit.meanErrorStandardError)} |`,
    `| reported − true profit: root mean square | ${fmt(profit.rootMeanSquareError)} |`,
    `| reported − true profit: median absolute | ${fmt(profit.medianAbsoluteError)} |`,
    `| a dashboard crediting every treated order (margin × treated revenue − costs) − true: mean | ${signed(profit.naiveMeanError)} |`,
    `| promotion dilemma, share of discount to sure things − true share (campaigns with lift ≥ 0: ${fmt(promotionDilemma.campaigns)}): mean | ${(100 * promotionDilemma.meanError).toFixed(1)} points |`,
    `| the same, mean absolute | ${(100 * promotionDilemma.meanAbsoluteError).toFixed(1)} points |`,
    `| sample-ratio-mismatch alarms (all campaigns randomised correctly; expected 0.1%) | ${pct(report.srmFalseAlarms)} |`,
    '',
    '| promotion dilemma, share − true share in points, final look | no effect: campaigns | mean error (truth 100%) | with an effect (lift > 0): campaigns | mean error | mean absolute error, both |',
    '|---|---:|---:|---:|---:|---:|',
    ...promotionDilemma.byHoldoutConverters.map(
      (b) =>
        `| ${b.band} | ${fmt(b.noEffect.campaigns)} | ${points(b.noEffect.meanError)} ± ${points(b.noEffect.standardError)} | ${fmt(b.effect.campaigns)} | ${points(b.effect.meanError)} ± ${points(b.effect.standardError)} | ${points(b.meanAbsoluteError)} |`,
    ),
  ]
  return `${lines.join('\n')}\n`
}

export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    campaigns: { type: 'string', default: '4000' },
    looks: { type: 'string', default: '30' },
    'min-arm': { type: 'string', default: '200' },
    'max-arm': { type: 'string', default: '50000' },
    'null-share': { type: 'string', default: '0.5' },
    'loyal-share': { type: 'string', default: '0.3' },
    replicates: { type: 'string', default: '500' },
  })
  const options = {
    campaigns: Number(values.campaigns),
    looks: Number(values.looks),
    seed: Number(values.seed),
    minArm: Number(values['min-arm']),
    maxArm: Number(values['max-arm']),
    nullShare: Number(values['null-share']),
    loyalShare: Number(values['loyal-share']),
    replicates: Number(values.replicates),
  }
  log(`honesty: simulating ${fmt(options.campaigns)} campaigns, ${options.looks} looks each…`)
  const report = runHonestyCheck(options)
  process.stdout.write(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}\n\n${honestyMarkdown(report)}`,
  )
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`)
}

import type { Evaluation, HoldoutCheck } from './evaluate.js'

const pct = (v: number) => `${(v * 100).toFixed(1)}%`
const signed = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`

/** The evaluation as `--json` prints it: the issue's fields first, then the calibration tables. */
export function evaluationJson(e: Evaluation) {
  const { r, alpha, a, b } = e.bgnbd.params
  return {
    bgnbd: { r, alpha, a, b, logLikelihood: e.bgnbd.logLikelihood, converged: e.bgnbd.converged },
    gammaGamma: e.gammaGamma
      ? {
          ...e.gammaGamma.params,
          logLikelihood: e.gammaGamma.logLikelihood,
          converged: e.gammaGamma.converged,
        }
      : null,
    holdout: e.holdout,
  }
}

/** The holdout check and both calibration tables as plain text (the CLI, the bench, docs/benchmarks.md). */
export function holdoutTables(h: HoldoutCheck, unit: string): string {
  const f3 = (v: number) => v.toFixed(3)
  const lines = [
    `customers ${h.customers}; holdout purchases: actual ${h.actual}, predicted ${h.predicted.toFixed(0)} (${signed(h.predicted / h.actual - 1)}); naive rate ${h.naivePredicted.toFixed(0)} (${signed(h.naivePredicted / h.actual - 1)})`,
    `per-customer MAE ${f3(h.maePerCustomer)} vs naive ${f3(h.naiveMae)} (${signed(h.maePerCustomer / h.naiveMae - 1)})`,
    ...(h.orderValue
      ? [
          `order value in the holdout: predicted ${h.orderValue.predicted.toFixed(2)}, actual ${h.orderValue.actual.toFixed(2)}`,
        ]
      : []),
    '',
    `| P(alive) decile | customers | mean P(alive) | predicted share buying | actual share buying |`,
    `| --- | ---: | ---: | ---: | ---: |`,
    ...h.pAliveDeciles.map(
      (d) =>
        `| ${d.decile} | ${d.customers} | ${f3(d.meanPAlive)} | ${pct(d.predictedShareBuying)} | ${pct(d.actualShareBuying)} |`,
    ),
    '',
    `| purchases in calibration | customers | predicted per customer | actual per customer |`,
    `| --- | ---: | ---: | ---: |`,
    ...h.byFrequency.map((r) => `| ${r.frequency} | ${r.customers} | ${f3(r.predicted)} | ${f3(r.actual)} |`),
    '',
    `(time unit: ${unit})`,
  ]
  return lines.join('\n')
}

export function evaluationText(e: Evaluation, unit: string): string {
  const { r, alpha, a, b } = e.bgnbd.params
  const gg = e.gammaGamma?.params
  return [
    `BG/NBD: r ${r.toFixed(3)}, alpha ${alpha.toFixed(3)}, a ${a.toFixed(3)}, b ${b.toFixed(3)} (log-likelihood ${e.bgnbd.logLikelihood.toFixed(1)}${e.bgnbd.converged ? '' : `, NOT CONVERGED: ${e.bgnbd.problem}`})`,
    gg
      ? `Gamma-Gamma: p ${gg.p.toFixed(2)}, q ${gg.q.toFixed(2)}, gamma ${gg.gamma.toFixed(2)}${e.gammaGamma?.converged ? '' : `, NOT CONVERGED: ${e.gammaGamma?.problem}`}`
      : 'Gamma-Gamma: no repeat buyer with a positive order value',
    holdoutTables(e.holdout, unit),
  ].join('\n')
}

/**
 * `npm run bench -- predict` (issue 16): BG/NBD and Gamma-Gamma against the papers on CDNOW (the 1/10
 * sample and the full master file: calibration to 1997-09-30, holdout to 1998-06-30, in weeks), then the
 * product's own fit on the UCI Online Retail files imported into Reel (its last 90 days held out), and the
 * cost of a fit and of the forecasts as the customers grow.
 *
 * Options: --data DIR (REEL_TEST_DATA or ../shared/data).
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { runImport } from '../src/imports/index.js'
import { testDataDir } from '../src/imports/test-support.js'
import {
  dayOfDate,
  evaluate,
  expectedOrders,
  type FitQuality,
  fitBgNbd,
  holdoutTables,
  probabilityAlive,
  readTransactionsFile,
  summarise,
} from '../src/predict/index.js'
import { engines } from '../src/test-support/engines.js'

const PAPERS = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, p: 6.25, q: 3.74, gamma: 15.44 }
const CALIBRATION = {
  calibrationEndDay: dayOfDate('1997-09-30') as number,
  holdoutEndDay: dayOfDate('1998-06-30') as number,
  unitDays: 7,
}

function cdnow(path: string, name: string): void {
  const started = performance.now()
  const histories = summarise(readTransactionsFile(path, 'cdnow'), CALIBRATION)
  const e = evaluate(histories, 39)
  const seconds = (performance.now() - started) / 1000
  const fitted = { ...e.bgnbd.params, ...(e.gammaGamma?.params ?? {}) } as Record<string, number>
  console.log(
    `\n### CDNOW ${name}: ${histories.length} customers, read, fitted and checked in ${seconds.toFixed(1)} s\n`,
  )
  console.log('| parameter | published (1/10 sample) | fitted | difference |\n| --- | ---: | ---: | ---: |')
  for (const [k, published] of Object.entries(PAPERS)) {
    const v = fitted[k] ?? Number.NaN
    console.log(
      `| ${k} | ${published} | ${v.toFixed(3)} | ${(((v - published) / published) * 100).toFixed(2)}% |`,
    )
  }
  console.log(`\nBG/NBD log-likelihood ${e.bgnbd.logLikelihood.toFixed(1)} (paper: -9,582.4 on the sample)\n`)
  console.log(holdoutTables(e.holdout, 'weeks'))
}

async function onlineRetail(dir: string): Promise<void> {
  const embedded = engines.find((e) => e.name === 'embedded')
  if (!embedded) return
  const reel = await embedded.start({ env: { REEL_DEFAULT_TIMEZONE: 'Europe/London' } })
  try {
    const started = performance.now()
    for (const file of ['online_retail_random_sample.csv', 'online_retail_first_week_dec2010.csv'])
      await runImport({ format: 'uci', path: join(dir, 'online_retail', file) }, reel.ingestor)
    const imported = (performance.now() - started) / 1000
    const fitStarted = performance.now()
    const fit = await reel.predictions.fit({ asOf: new Date('2011-12-10T00:00:00Z') })
    const fitSeconds = (performance.now() - fitStarted) / 1000
    const { current } = await reel.predictions.fits()
    console.log(
      `\n### UCI Online Retail imported into Reel (${imported.toFixed(1)} s to import), fitted as of 2011-12-10 in ${fitSeconds.toFixed(1)} s\n`,
    )
    console.log(
      `${fit.customers} customers, ${fit.repeatBuyers} repeat buyers: ${fit.status}${fit.reason ? `, ${fit.reason}` : ''}; ${fit.churnRiskRaised} churn risks raised`,
    )
    const quality = current?.quality as FitQuality | undefined
    if (quality?.status === 'ok')
      console.log(
        `quality: fitted up to ${quality.calibrationEnd}, the ${quality.holdoutDays} days after held out\n\n${holdoutTables(quality.check, 'days')}`,
      )
    else if (quality) console.log(`quality not measured: ${quality.reason}`)
    const model = current?.model as
      | { bgnbd: Record<string, number>; gammaGamma: Record<string, number> | null }
      | undefined
    if (model)
      console.log(
        `\nparameters (per day): ${JSON.stringify(model.bgnbd)}, Gamma-Gamma ${JSON.stringify(model.gammaGamma)}`,
      )
  } finally {
    await reel.close()
  }
}

/** Fit and forecast time as the customers grow: the master file's customers copied 1, 4 and 8 times. */
function scaling(path: string): void {
  const base = summarise(readTransactionsFile(path, 'cdnow'), CALIBRATION)
  console.log('\n### Cost as the customers grow (the master file copied)\n')
  console.log(
    '| customers | fit (s) | P(alive) and 3 expectations per customer (s) |\n| ---: | ---: | ---: |',
  )
  for (const copies of [1, 4, 8]) {
    const histories = Array.from({ length: copies }, () => base).flat()
    let started = performance.now()
    const fit = fitBgNbd(histories)
    const fitSeconds = (performance.now() - started) / 1000
    started = performance.now()
    let total = 0
    for (const h of histories)
      total +=
        probabilityAlive(fit.params, h) +
        expectedOrders(fit.params, h, 4) +
        expectedOrders(fit.params, h, 13) +
        expectedOrders(fit.params, h, 52)
    const forecastSeconds = (performance.now() - started) / 1000
    if (!Number.isFinite(total)) throw new Error('a forecast is not finite')
    console.log(
      `| ${histories.length.toLocaleString('en')} | ${fitSeconds.toFixed(2)} | ${forecastSeconds.toFixed(2)} |`,
    )
  }
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { data: { type: 'string', default: testDataDir } } })
  const dir = values.data
  cdnow(join(dir, 'cdnow', 'CDNOW_sample.txt'), '1/10 sample')
  cdnow(join(dir, 'cdnow', 'CDNOW_master.txt'), 'master file')
  await onlineRetail(dir)
  scaling(join(dir, 'cdnow', 'CDNOW_master.txt'))
}

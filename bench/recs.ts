/**
 * `npm run bench -- recs` (issue 14): Reel's recommender against the next-basket baselines on Ta-Feng as
 * preprocessed by Li et al. ("A Next Basket Recommendation Reality Check", ACM TOIS 2023), 20% of users
 * tested, K = 10, mean and spread over seeds 0-4, on all items and on new items only; the end-to-end time of
 * one evaluation (read, parse, count, score both tables).
 *
 * Options: --file PATH (tafeng/tafeng_merged.json in REEL_TEST_DATA or ../shared/data) --seeds N (5)
 * --k N (10).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { testDataDir } from '../src/imports/test-support.js'
import {
  evaluateNextBasket,
  type NextBasketEvaluation,
  parseBasketsFile,
  type RankingMetrics,
  undatedBaskets,
} from '../src/recs/index.js'
import { meanAndSd } from './support/spread.js'

/** Markdown rows: per method, the mean ± sd over the runs of Recall, NDCG and PHR. */
export function metricRows(
  runs: NextBasketEvaluation[],
  pick: (r: NextBasketEvaluation) => Record<string, RankingMetrics>,
) {
  return Object.keys(pick(runs[0]!)).map((name) => {
    const of = (metric: keyof RankingMetrics) => meanAndSd(runs.map((r) => pick(r)[name]![metric]))
    return `| ${name} | ${of('recall')} | ${of('ndcg')} | ${of('phr')} |`
  })
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      file: { type: 'string', default: join(testDataDir, 'tafeng', 'tafeng_merged.json') },
      seeds: { type: 'string', default: '5' },
      k: { type: 'string', default: '10' },
    },
  })
  const k = Number(values.k)
  const runs: NextBasketEvaluation[] = []
  const seconds: number[] = []
  for (let seed = 0; seed < Number(values.seeds); seed++) {
    const started = performance.now()
    const users = new Map(
      [...parseBasketsFile(readFileSync(values.file, 'utf8'))].map(([u, b]) => [u, undatedBaskets(b)]),
    )
    runs.push(evaluateNextBasket(users, { testShare: 0.2, seed, k }))
    seconds.push((performance.now() - started) / 1000)
    process.stderr.write(
      `seed ${seed}: reel recall ${runs.at(-1)!.methods.reel!.recall.toFixed(4)} in ${seconds.at(-1)!.toFixed(1)} s\n`,
    )
  }
  const first = runs[0]!
  const header = [`| method | Recall@${k} | NDCG@${k} | PHR@${k} |`, '|---|---|---|---|']
  console.log(
    [
      `Ta-Feng (${values.file}): ${first.users.train + first.users.test} users, ${first.users.test} tested per seed, seeds 0-${runs.length - 1}, mean ± sd`,
      '',
      ...header,
      ...metricRows(runs, (r) => r.methods),
      '',
      `New items only (${first.users.testWithNewItems} test users of seed 0 with one):`,
      '',
      ...header,
      ...metricRows(runs, (r) => r.newItems.methods),
      '',
      `One evaluation end to end (read, parse, count, score): ${meanAndSd(seconds)} s; model: ${first.model.items} items, ${first.model.baskets} baskets, ${first.model.pairs} neighbour counts held.`,
    ].join('\n'),
  )
}

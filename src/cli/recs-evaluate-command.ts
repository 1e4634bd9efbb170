import { readFileSync } from 'node:fs'
import { type Command, InvalidArgumentError } from 'commander'
import {
  BasketsFileError,
  evaluateNextBasket,
  evaluateShopOrders,
  type NextBasketEvaluation,
  parseBasketsFile,
  shopBaskets,
  undatedBaskets,
} from '../recs/index.js'
import type { WithReel } from './with-reel.js'

interface EvaluateCliOptions {
  file?: string
  database?: boolean
  testShare?: number
  seed: number
  k: number
  json?: boolean
}

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number of ${min} or more`)
    return n
  }
}

function share(value: string): number {
  const n = Number(value)
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('expected a share above 0 and at most 1, e.g. 0.2')
  return n
}

/** The evaluation as a table: each method's Recall, NDCG and PHR at K, on all items and on new items. */
export function evaluationTable(result: NextBasketEvaluation): string {
  const f = (v: number) => v.toFixed(4)
  const rows = (methods: NextBasketEvaluation['methods']) =>
    Object.entries(methods).map(
      ([name, m]) => `${name.padEnd(12)} ${f(m.recall)}   ${f(m.ndcg)}   ${f(m.phr)}`,
    )
  const header = `method       Recall@${result.k} NDCG@${result.k} PHR@${result.k}`
  return [
    `${result.users.test} test users of ${result.users.test + result.users.train}; model: ${result.model.items} items, ${result.model.pairs} pair counts from ${result.model.baskets} baskets, built in ${result.model.buildSeconds.toFixed(1)} s, scored in ${result.model.scoreSeconds.toFixed(1)} s`,
    '',
    header,
    ...rows(result.methods),
    '',
    `new items only (${result.users.testWithNewItems} test users with an item they never bought before):`,
    header,
    ...rows(result.newItems.methods),
  ].join('\n')
}

function printEvaluation(result: NextBasketEvaluation, json: boolean | undefined): void {
  console.log(json ? JSON.stringify(result) : evaluationTable(result))
}

function evaluateFile(file: string, opts: EvaluateCliOptions): void {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    process.stderr.write(`reel recs evaluate: cannot read ${file}: ${(error as Error).message}\n`)
    process.exit(2)
  }
  try {
    const users = new Map([...parseBasketsFile(text)].map(([u, b]) => [u, undatedBaskets(b)]))
    printEvaluation(evaluateNextBasket(users, { ...opts, testShare: opts.testShare ?? 0.2 }), opts.json)
  } catch (error) {
    if (!(error instanceof BasketsFileError)) throw error
    process.stderr.write(`reel recs evaluate: ${file}: ${error.message}\n`)
    process.exit(2)
  }
}

async function evaluateDatabase(withReel: WithReel, opts: EvaluateCliOptions): Promise<void> {
  const customers = await withReel((reel) => shopBaskets(reel.database.db))
  if (![...customers.values()].some((baskets) => baskets.length >= 2)) {
    process.stderr.write(
      'reel recs evaluate: no customer of this shop has two counted orders, so there is nothing to hold out\n',
    )
    process.exit(2)
  }
  printEvaluation(evaluateShopOrders(customers, { ...opts, testShare: opts.testShare ?? 1 }), opts.json)
}

/** `reel recs evaluate`: the next-basket benchmark's protocol on a file of its format or on the shop's orders. */
export function addRecsEvaluateCommand(recs: Command, withReel: WithReel): void {
  recs
    .command('evaluate')
    .description(
      "score Reel's recommender and the next-basket baselines (G-, P-, GP-TopFreq) on a file of the benchmark's format or on the shop's orders, each test user's last basket held out",
    )
    .option(
      '--file <file>',
      'a JSON file {user: [basket, ...]}, baskets oldest first, the last one the target',
    )
    .option(
      '--database',
      "instead of a file, the shop's own orders: each repeat customer's last order held out",
    )
    .option(
      '--test-share <share>',
      'share of users tested, the rest only train (file: 0.2, database: 1)',
      share,
    )
    .option('--seed <n>', 'seed of the users split', wholeNumber(0), 0)
    .option('--k <n>', 'length of the recommended list', wholeNumber(1), 10)
    .option(
      '--json',
      'print {k, users, methods: {reel, G-TopFreq, P-TopFreq, GP-TopFreq}, newItems: {methods}, model}',
    )
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(async (opts: EvaluateCliOptions) => {
      if ((opts.file === undefined) === !opts.database) {
        process.stderr.write('reel recs evaluate: give either --file FILE or --database\n')
        process.exit(2)
      }
      if (opts.file !== undefined) evaluateFile(opts.file, opts)
      else await evaluateDatabase(withReel, opts)
    })
}

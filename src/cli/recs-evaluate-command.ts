import { readFileSync } from 'node:fs'
import { type Command, InvalidArgumentError } from 'commander'
import {
  BasketsFileError,
  evaluateNextBasket,
  type NextBasketEvaluation,
  parseBasketsFile,
  undatedBaskets,
} from '../recs/index.js'

interface EvaluateCliOptions {
  file: string
  testShare: number
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

/** `reel recs evaluate`: the next-basket benchmark's protocol on a file of its format. */
export function addRecsEvaluateCommand(recs: Command): void {
  recs
    .command('evaluate')
    .description(
      "score Reel's recommender and the next-basket baselines (G-, P-, GP-TopFreq) on a file of the benchmark's format, each test user's last basket held out",
    )
    .requiredOption(
      '--file <file>',
      'a JSON file {user: [basket, ...]}, baskets oldest first, the last one the target',
    )
    .option('--test-share <share>', 'share of users tested (the rest only train)', share, 0.2)
    .option('--seed <n>', 'seed of the users split', wholeNumber(0), 0)
    .option('--k <n>', 'length of the recommended list', wholeNumber(1), 10)
    .option(
      '--json',
      'print {k, users, methods: {reel, G-TopFreq, P-TopFreq, GP-TopFreq}, newItems: {methods}, model}',
    )
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action((opts: EvaluateCliOptions) => {
      let text: string
      try {
        text = readFileSync(opts.file, 'utf8')
      } catch (error) {
        process.stderr.write(`reel recs evaluate: cannot read ${opts.file}: ${(error as Error).message}\n`)
        process.exit(2)
      }
      try {
        const users = new Map([...parseBasketsFile(text)].map(([u, b]) => [u, undatedBaskets(b)]))
        printEvaluation(evaluateNextBasket(users, opts), opts.json)
      } catch (error) {
        if (!(error instanceof BasketsFileError)) throw error
        process.stderr.write(`reel recs evaluate: ${opts.file}: ${error.message}\n`)
        process.exit(2)
      }
    })
}

import type { Command } from 'commander'
import type { ShownReason, ShownRecommendation } from '../recs/index.js'
import { positiveInt, renderTable } from './format.js'
import { addRecsEvaluateCommand } from './recs-evaluate-command.js'
import type { WithReel } from './with-reel.js'

interface RecsOptions {
  limit: number
  context?: string
  json?: boolean
}

/** One reason in a few words: "after yoga-mat ×12", "with flour (20 orders, lift 3.1)". */
export function describeReason(r: ShownReason): string {
  switch (r.source) {
    case 'rule':
      return `rule ${r.rule.fromCategory} → ${r.rule.toCategory}`
    case 'repeat':
      return `bought ${r.timesBought}×, last ${r.lastBoughtAt.slice(0, 10)}${r.expectedReorderAt ? `, due ${r.expectedReorderAt.slice(0, 10)}` : ''}`
    case 'together':
      return `with ${r.withItem} (${r.orders} orders, lift ${r.lift.toFixed(1)})`
    case 'next':
      return `after ${r.afterItem ?? `category ${r.afterCategory}`} ×${r.times}`
    case 'popular':
      return `bestseller #${r.rank}`
  }
}

export function renderRecommendations(items: readonly ShownRecommendation[]): string {
  return renderTable(
    ['product', 'name', 'price', 'source', 'score', 'why'],
    items.map((r) => [
      r.productId,
      r.name ?? '',
      r.price === null ? '' : String(r.price),
      r.source,
      r.score === null ? 'rule' : r.score.toFixed(3),
      r.reasons.map(describeReason).join('; '),
    ]),
    new Set([2, 4]),
  )
}

/** `reel recs CUSTOMER`: what to show a customer, explained; `reel recs evaluate`: how good that is. */
export function registerRecs(program: Command, withReel: WithReel): void {
  const recs = program
    .command('recs')
    .description(
      "recommendations: what goes with a customer's orders (reel recs CUSTOMER), and their evaluation",
    )
    .argument('[customer]', 'the customer id')
    // Its own --json and --limit come before `evaluate`; after it, they are evaluate's.
    .enablePositionalOptions()
    .option('--limit <n>', 'products to list', positiveInt, 10)
    .option('--context <order>', 'what goes with this order of theirs: order:ORDER_ID')
    .option('--json', 'print {customerId, fallback, items} as the API does')
    .action(async (customerId: string | undefined, opts: RecsOptions) => {
      if (customerId === undefined) {
        recs.help({ error: true })
      }
      if (opts.context !== undefined && !/^order:.+/.test(opts.context)) {
        process.stderr.write('reel recs: --context must be order:ORDER_ID\n')
        process.exit(2)
      }
      const contextOrderId = opts.context?.slice('order:'.length)
      const list = await withReel((reel) =>
        reel.recommendations.forCustomer(customerId!, {
          limit: opts.limit,
          ...(contextOrderId === undefined ? {} : { contextOrderId }),
        }),
      )
      if (list === 'unknown_customer' || list === 'unknown_order') {
        process.stderr.write(
          list === 'unknown_customer'
            ? `reel recs: no customer ${customerId}\n`
            : `reel recs: customer ${customerId} has no order ${contextOrderId}\n`,
        )
        process.exit(2)
      }
      if (opts.json) {
        console.log(JSON.stringify({ customerId, ...list }))
        return
      }
      if (list.fallback) console.log(`${customerId} has no orders yet: the shop's recent bestsellers.`)
      console.log(renderRecommendations(list.items))
    })
  addRecsEvaluateCommand(recs, withReel)
}

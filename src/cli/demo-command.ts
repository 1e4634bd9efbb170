import { resolve } from 'node:path'
import type { Command } from 'commander'
import { demoEndFor, runDemo, seedDemoGifts } from '../demo/index.js'
import { progressBar } from './progress.js'
import type { WithReel } from './with-reel.js'

/** The holdout the demo shows the where-is-my-order figure with when the shop has set none. */
const DEMO_SHIPPING_HOLDOUT = 0.2

const wholeNumber = (name: string, min: number) => (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number of at least ${min}, got "${value}"`)
  return n
}

interface DemoOptions {
  customers: number
  days: number
  seed: number
  end?: string
  truth: string
  /** false with --no-gifts */
  gifts: boolean
}

/** `reel demo`: a seeded synthetic shop, ingested like live traffic, with its ground truth. */
export function registerDemo(program: Command, withReel: WithReel): void {
  program
    .command('demo')
    .description(
      'generate a seeded demo shop through the ingestion path, and a ground-truth file of its missed customers',
    )
    .option('--customers <n>', 'customers', wholeNumber('--customers', 1), 1000)
    .option('--days <n>', 'days of history', wholeNumber('--days', 1), 400)
    .option('--seed <n>', 'random seed', wholeNumber('--seed', 0), 1)
    .option(
      '--end <iso-time>',
      'when the shop ends, the ground truth’s moment (default: now, or the end of the first demo of this seed in this database)',
    )
    .option('--truth <path>', 'where the ground-truth JSON goes', 'demo-truth.json')
    .option('--no-gifts', 'leave out the coupon gifts given after the shop’s end')
    .action(async (opts: DemoOptions) => {
      const end = opts.end ? new Date(opts.end) : undefined
      if (end && Number.isNaN(end.getTime())) throw new Error(`--end is not a time: "${opts.end}"`)
      await withReel(async (reel) => {
        // Now, so a new user sees a live shop; remembered, so running it again changes nothing.
        const shopEnd = await demoEndFor(reel.database.db, opts.seed, end, reel.clock())
        const bar = progressBar('demo events')
        const configured = reel.config.shipping.holdoutShare
        // A holdout even without REEL_SHIPPING_HOLDOUT, so the figure has two arms to compare.
        const share = configured > 0 ? configured : DEMO_SHIPPING_HOLDOUT
        const summary = await runDemo(
          {
            customers: opts.customers,
            days: opts.days,
            seed: opts.seed,
            truthPath: resolve(opts.truth),
            end: shopEnd,
            onProgress: (n) => bar.update(n, Math.max(n, opts.customers * 20)),
            shippingHoldout: (id) => reel.shipping.heldOut(id, share),
            // Assigned as if Reel had run all along, before the live notifier assigns them the shop's share.
            onShipments: (ids) => reel.shipping.assign(ids, share),
          },
          reel.ingestor,
        )
        bar.stop()
        // The shop is evaluated as of the end of its last day, the moment the ground truth describes.
        await reel.radar.fireDue(new Date(summary.asOf))
        // Predictions from the shop's orders as of its end, and the churn risks they raise (refused, with why,
        // when the demo is too small or short to have a few hundred repeat buyers).
        const fit = await reel.predictions.fit({ asOf: new Date(summary.asOf) })
        const { status, reason, customers, repeatBuyers, churnRiskRaised } = fit
        const predictions = { status, reason, customers, repeatBuyers, churnRiskRaised }
        if (!opts.gifts) return console.log(JSON.stringify({ ...summary, predictions }, null, 2))
        // Gifts after the shop's end, as a new user's first friends would send them: the Coupons page has figures.
        const gifts = await seedDemoGifts({
          db: reel.database.db,
          coupons: reel.coupons,
          seed: opts.seed,
          asOf: new Date(summary.asOf),
        })
        console.log(JSON.stringify({ ...summary, predictions, gifts }, null, 2))
      })
    })
}

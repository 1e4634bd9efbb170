import cliProgress from 'cli-progress'
import { type Command, Option } from 'commander'
import {
  BackfillError,
  type BackfillProgress,
  backfillShopify,
  DEFAULT_API_VERSION,
  fileCursorStore,
  ingestorSink,
  parseShopifyBackfillOptions,
  renderBackfillSummary,
  settingsCursorStore,
  type ToMessages,
} from '../connectors/backfill/index.js'
import type { WithReel } from './with-reel.js'

/** What the command is wired to: the mapping of Shopify objects to Reel's Segment messages. */
export interface ConnectorsBackfillDeps {
  /** The mapping of one shop's Admin API objects to messages (fact ids name the shop). */
  toMessages: (shop: string) => ToMessages
}

interface ShopifyCliOptions {
  shop?: string
  token?: string
  since?: string
  apiVersion: string
  state?: string
  apiBase?: string
  json?: boolean
}

/**
 * The back-fill's bar on stderr (silent when stderr is not a terminal, as src/cli/progress.ts): objects
 * against Shopify's counts, pages and an ETA, which that helper's fixed `value/total` format cannot show.
 */
function backfillBar(): { update(progress: BackfillProgress): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} }
  const bar = new cliProgress.SingleBar(
    {
      format:
        'shopify {resource} [{bar}] {percentage}% | {value}/{total} objects | {pages} pages | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update({ resource, pages, objects, totalObjects }) {
      const total = Math.max(totalObjects ?? objects, objects)
      if (!started) bar.start(total, objects, { resource, pages })
      started = true
      bar.setTotal(total)
      bar.update(objects, { resource, pages })
    },
    stop() {
      if (started) bar.stop()
    },
  }
}

/** The `connectors` command, made once: other connector commands hang under the same one. */
function connectorsCommand(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'connectors') ??
    program
      .command('connectors')
      .description("shop connectors: bring a shop's customers and orders into Reel")
  )
}

/**
 * `reel connectors backfill shopify`: reads a shop's customers and orders since a date from Shopify's REST
 * Admin API into Reel, resumable after a crash; `toMessages` maps each object to Segment messages.
 */
export function registerConnectorsBackfill(
  program: Command,
  withReel: WithReel,
  deps: ConnectorsBackfillDeps,
): void {
  const connectors = connectorsCommand(program)
  const backfill =
    connectors.commands.find((command) => command.name() === 'backfill') ??
    connectors.command('backfill').description("read a shop's past customers and orders")
  backfill
    .command('shopify')
    .description(
      'read customers changed and orders created since --since from the Shopify Admin API, paced by the shop’s rate limit; a rerun resumes where an interrupted one stopped',
    )
    .option('--shop <domain>', "the shop's myshopify.com host name, e.g. my-shop.myshopify.com")
    .addOption(
      new Option(
        '--token <token>',
        'an Admin API access token with read_customers and read_orders (read_all_orders for orders older than 60 days)',
      ).env('REEL_SHOPIFY_ACCESS_TOKEN'),
    )
    .option('--since <date>', 'ISO date or time: 2024-01-31 (midnight UTC) or 2024-01-31T08:00:00+01:00')
    .option('--api-version <version>', 'the REST Admin API version', DEFAULT_API_VERSION)
    .option('--state <file>', "keep the resume cursor in this file instead of Reel's database")
    .addOption(
      new Option('--api-base <url>', 'the API origin instead of https://SHOP (tests)')
        .env('REEL_SHOPIFY_API_BASE')
        .hideHelp(),
    )
    .option('--json', 'print the summary as JSON')
    .action(async (opts: ShopifyCliOptions) => {
      // Checked before Reel starts, so that a mistyped option creates no data folder.
      const options = parseShopifyBackfillOptions({
        shop: opts.shop,
        token: opts.token,
        since: opts.since,
        apiVersion: opts.apiVersion,
        baseUrl: opts.apiBase,
      })
      await withReel(async (reel) => {
        const sink = ingestorSink(reel.ingestor)
        const bar = backfillBar()
        // Ctrl-C stops at the next call or wait, so Reel closes its database cleanly; a second one kills.
        const interrupt = new AbortController()
        const onInterrupt = () =>
          interrupt.abort(
            new BackfillError(
              'interrupted',
              'interrupted: the pages stored so far are kept; rerun to resume',
            ),
          )
        process.once('SIGINT', onInterrupt)
        let summary: Awaited<ReturnType<typeof backfillShopify>>
        try {
          summary = await backfillShopify(options, {
            toMessages: deps.toMessages(options.shop),
            write: sink.write,
            cursorStore: opts.state
              ? fileCursorStore(opts.state)
              : settingsCursorStore(reel.database.db, options.shop),
            onProgress: (progress) => bar.update(progress),
            signal: interrupt.signal,
          })
        } finally {
          process.off('SIGINT', onInterrupt)
          bar.stop()
        }
        // The pages were stored without waiting for the projectors; the profiles are complete once they caught up.
        await sink.settle()
        console.log(opts.json ? JSON.stringify(summary, null, 2) : renderBackfillSummary(summary))
      })
    })
}

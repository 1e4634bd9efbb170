import { type Command, Option } from 'commander'
import { type KindSummary, RADAR_KINDS, SIGNAL_STATES, type SignalView } from '../radar/index.js'
import { formatMoney, isoTime, positiveInt, renderTable } from './format.js'
import { progressBar } from './progress.js'
import type { WithReel } from './with-reel.js'

interface RadarOptions {
  kind?: (typeof RADAR_KINDS)[number]
  state?: (typeof SIGNAL_STATES)[number]
  customer?: string
  asOf?: Date
  limit: number
  json?: boolean
  recompute?: boolean
}

export function renderSummary(kinds: readonly KindSummary[]): string {
  const rows = kinds.map((k) => [
    k.kind,
    String(k.open),
    String(k.contacted),
    formatMoney(k.valueAtStake),
    String(k.wonBack),
    String(k.lapsed),
    k.wonBackRate === null ? '-' : `${(k.wonBackRate * 100).toFixed(1)}%`,
  ])
  return renderTable(
    ['kind', 'open', 'contacted', 'value at stake', 'won back', 'lapsed', 'won-back rate'],
    rows,
    new Set([1, 2, 3, 4, 5, 6]),
  )
}

export function renderSignals(signals: readonly SignalView[]): string {
  const rows = signals.map((s) => [
    s.at.replace('.000Z', 'Z'),
    s.kind,
    s.customerId,
    s.key,
    formatMoney([{ currency: s.currency, amount: s.valueAtStake }]),
    s.state,
    s.wonByOrder ?? '',
  ])
  return renderTable(['at', 'kind', 'customer', 'key', 'at stake', 'state', 'won by'], rows, new Set([4]))
}

/** `reel radar`: the missed customers, as a table or JSON; `--recompute` rebuilds them from the log. */
export function registerRadar(program: Command, withReel: WithReel): void {
  program
    .command('radar')
    .description('show the missed customers the radar found (a summary per kind, then the latest signals)')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(RADAR_KINDS))
    .addOption(new Option('--state <state>', 'only signals in this state').choices(SIGNAL_STATES))
    .option('--customer <id>', "only this customer's signals")
    .option('--as-of <time>', 'the radar as it stood at this ISO time (default now)', isoTime)
    .option('--limit <n>', 'signals to list', positiveInt, 20)
    .option('--json', 'print { asOf, summary, signals } as JSON')
    .option('--recompute', 'rebuild every signal from the event log first (as of --as-of, default now)')
    .action((opts: RadarOptions) =>
      withReel(async (reel) => {
        const now = reel.clock()
        if (opts.recompute) {
          const bar = progressBar('recomputing the radar')
          const started = performance.now()
          const result = await reel.radar.recompute({
            asOf: opts.asOf ?? now,
            onProgress: (done) => bar.update(done),
          })
          bar.stop()
          process.stderr.write(
            `recomputed ${result.customers} customers in ${((performance.now() - started) / 1000).toFixed(1)} s: ${result.signals} signals, ${result.retracted} no longer supported by the log removed\n`,
          )
        }
        const asOf = opts.asOf ?? now
        // Timers that came due while no server ran fire now, as the server would have fired them.
        if (!opts.recompute) await reel.radar.fireDue(new Date(Math.min(asOf.getTime(), now.getTime())))
        const [summary, page] = await Promise.all([
          reel.radar.summary({ asOf }),
          reel.radar.listSignals({
            asOf,
            kind: opts.kind,
            state: opts.state,
            customerId: opts.customer,
            limit: opts.limit,
          }),
        ])
        const shown = opts.kind ? summary.filter((k) => k.kind === opts.kind) : summary
        if (opts.json) {
          console.log(
            JSON.stringify({ asOf: asOf.toISOString(), summary: shown, signals: page.signals }, null, 2),
          )
          return
        }
        console.log(`Missed customers as of ${asOf.toISOString()}\n`)
        console.log(renderSummary(shown))
        console.log(`\nLatest ${page.signals.length} signals${page.next ? ` (more with --limit)` : ''}\n`)
        console.log(page.signals.length === 0 ? '(none)' : renderSignals(page.signals))
      }),
    )
}

import { stat } from 'node:fs/promises'
import type { Command } from 'commander'
import { type EventIngestor, lastEventAt, readMessage } from '../events/index.js'
import {
  detectFormat,
  ImportError,
  type ImportFormat,
  renderImportSummary,
  runImport,
} from '../imports/index.js'
import { progressBar } from './progress.js'
import type { WithReel } from './with-reel.js'

/** Checks each event as ingestion would, and stores nothing. */
function dryRunIngestor(receivedAt: string): EventIngestor {
  return {
    async settle() {},
    async ingest(batch) {
      const read = batch.map((m, i) => readMessage(m, i, receivedAt))
      const quarantined = read.flatMap(({ outcome }) => (outcome.ok ? [] : [outcome.problem]))
      const repaired = read.flatMap((r) => r.repairs)
      return {
        accepted: batch.length - quarantined.length,
        duplicates: 0,
        quarantined,
        repaired,
        position: null,
      }
    },
  }
}

/** `reel import PATH`: order history from CSV, through the same ingestion as live events. */
export function registerImport(program: Command, withReel: WithReel): void {
  program
    .command('import <path>')
    .description('import order history: an Olist folder, a UCI Online Retail CSV, or the generic orders CSV')
    .option('--format <format>', 'olist | uci | generic (detected when left out)')
    .option('--time-zone <zone>', "the shop's IANA time zone, for times written without an offset")
    .option('--dry-run', 'read and map the files, report what would be imported, store nothing')
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        path: string,
        opts: { format?: ImportFormat; timeZone?: string; dryRun?: boolean; json?: boolean },
      ) => {
        // Checked before Reel starts, so a mistyped path creates no data folder.
        await stat(path).catch(() => {
          throw new ImportError(`cannot import ${path}: there is no such file or folder`)
        })
        const format = opts.format ?? (await detectFormat(path))
        const source = { format, path, ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) }
        if (opts.dryRun) {
          const summary = await runImport(source, dryRunIngestor(new Date().toISOString()))
          console.log(opts.json ? JSON.stringify(summary, null, 2) : renderImportSummary(summary))
          return
        }
        await withReel(async (reel) => {
          const bar = progressBar(`importing ${format}`)
          const summary = await runImport(
            { ...source, onProgress: (done, total) => bar.update(done, total) },
            reel.ingestor,
          )
          bar.stop()
          // Imported history is evaluated as of its last event: what was true then, not years later.
          const last = await lastEventAt(reel.database.db)
          if (last) await reel.radar.fireDue(last)
          console.log(opts.json ? JSON.stringify(summary, null, 2) : renderImportSummary(summary))
        })
      },
    )
}

import { stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { EventIngestor } from '../events/ingestor.js'
import type { MessageProblem } from '../events/message.js'
import { assertTimeZone } from '../time/index.js'
import { type CsvTable, readCsv, requireColumns } from './csv.js'
import { GENERIC_REQUIRED_COLUMNS, mapGenericOrders } from './generic-orders.js'
import { ImportError } from './import-error.js'
import { type MappedImport, sortForReplay } from './messages.js'
import { mapOlist } from './olist.js'
import { readOlistFolder } from './olist-files.js'
import { mapOnlineRetail, ONLINE_RETAIL_COLUMNS } from './online-retail.js'
import type { ImportFormat, ImportSummary, QuarantinedEvent } from './summary.js'

export interface ImportSource {
  format: ImportFormat
  /** An Olist folder (or one of its files), or a CSV file. */
  path: string
  /**
   * Zone of times written without an offset. Defaults: America/Sao_Paulo (Olist), Europe/London (UCI),
   * UTC (generic).
   */
  timeZone?: string
}

export interface ImportOptions extends ImportSource {
  /** Events per `ingest` call; 500 by default. */
  batchSize?: number
  /** Called after each ingested batch with events done and events in all. */
  onProgress?: (done: number, total: number) => void
}

const QUARANTINE_SHOWN = 20

/** Reads and maps a source without ingesting anything (a dry run); events come in replay order. */
export async function mapImportSource(source: ImportSource): Promise<MappedImport> {
  if (source.timeZone) assertTimeZone(source.timeZone)
  const zone = source.timeZone ? { timeZone: source.timeZone } : {}
  let mapped: MappedImport
  switch (source.format) {
    case 'olist': {
      const folder = (await stat(source.path)).isDirectory() ? source.path : dirname(source.path)
      mapped = mapOlist(await readOlistFolder(folder), zone)
      break
    }
    case 'uci': {
      const table = await readCsv(source.path)
      requireColumns(table, ONLINE_RETAIL_COLUMNS)
      mapped = mapOnlineRetail(table, zone)
      break
    }
    case 'generic': {
      const table = withLowerCaseHeader(await readCsv(source.path))
      requireColumns(table, GENERIC_REQUIRED_COLUMNS)
      mapped = mapGenericOrders(table, zone)
      break
    }
    default:
      throw new ImportError(`unknown import format ${String(source.format)} (olist, uci or generic)`)
  }
  return { ...mapped, messages: sortForReplay(mapped.messages) }
}

/**
 * Imports a file or folder: reads it, maps rows to Segment messages, and ingests them in time order in
 * batches, through the same ingestor as live events; resolves once all of it is projected. Re-running
 * it adds nothing (stable messageIds).
 */
export async function runImport(options: ImportOptions, ingestor: EventIngestor): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 500
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ImportError('batchSize must be a whole number ≥ 1')
  const mapped = await mapImportSource(options)
  const { messages } = mapped

  const summary = emptySummary(options, mapped)
  options.onProgress?.(0, messages.length)
  let position: string | null = null
  for (let start = 0; start < messages.length; start += batchSize) {
    const batch = messages.slice(start, start + batchSize)
    // Projected once, at the end: the projectors work through the import in their own large batches
    // instead of catching up after each of ours.
    const result = await ingestor.ingest(batch, { source: `import:${options.format}`, settle: false })
    position = result.position ?? position
    summary.accepted += result.accepted
    summary.duplicates += result.duplicates
    summary.quarantined += result.quarantined.length
    summary.repaired += result.repaired.length
    const name = (problem: MessageProblem): QuarantinedEvent => ({
      messageId: String(batch[problem.index]?.messageId ?? `#${start + problem.index}`),
      field: problem.field,
      problem: problem.problem,
    })
    for (const [shown, problems] of [
      [summary.quarantine, result.quarantined],
      [summary.repairs, result.repaired],
    ] as const)
      shown.push(...problems.slice(0, Math.max(0, QUARANTINE_SHOWN - shown.length)).map(name))
    options.onProgress?.(start + batch.length, messages.length)
  }
  if (position) await ingestor.settle(position)
  return summary
}

function emptySummary(options: ImportOptions, mapped: MappedImport): ImportSummary {
  const eventsByName: Record<string, number> = {}
  for (const message of mapped.messages) {
    const name = message.type === 'track' ? String(message.event) : String(message.type)
    eventsByName[name] = (eventsByName[name] ?? 0) + 1
  }
  return {
    format: options.format,
    path: options.path,
    rowsRead: Object.values(mapped.rowsRead).reduce((sum, rows) => sum + rows, 0),
    rowsReadByFile: mapped.rowsRead,
    rowsSkipped: mapped.skipped.total,
    skipped: mapped.skipped.list(),
    eventsProduced: mapped.messages.length,
    eventsByName,
    facts: mapped.facts,
    accepted: 0,
    duplicates: 0,
    quarantined: 0,
    quarantine: [],
    repaired: 0,
    repairs: [],
  }
}

/** Generic exports come from many tools; `Order_ID` and `order_id` mean the same column. */
function withLowerCaseHeader(table: CsvTable): CsvTable {
  const header = table.header.map((name) => name.toLowerCase())
  const rows = table.rows.map(({ line, fields }) => ({
    line,
    fields: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name.toLowerCase(), value])),
  }))
  return { ...table, header, rows }
}

import type { SkippedRows } from './skips.js'

/** The formats `reel import` reads. */
export type ImportFormat = 'olist' | 'uci' | 'generic'

/** One event ingestion set aside, named by its messageId so the source row can be found. */
export interface QuarantinedEvent {
  messageId: string
  field: string
  problem: string
}

/** What an import did, row by row and event by event. */
export interface ImportSummary {
  format: ImportFormat
  path: string
  /** Data rows read over all files (header lines not counted). */
  rowsRead: number
  rowsReadByFile: Record<string, number>
  /** Rows that became no event; `rowsRead - rowsSkipped` rows are part of an event. */
  rowsSkipped: number
  skipped: SkippedRows[]
  eventsProduced: number
  /** Events per Segment event name (`identify` for identify calls). */
  eventsByName: Record<string, number>
  /** Figures about the source to check against the shop's books (orders, customers, guests…). */
  facts: Record<string, number>
  /** Events ingestion stored for the first time. */
  accepted: number
  /** Events ingestion already had (same messageId): a re-import adds nothing. */
  duplicates: number
  quarantined: number
  /** The first quarantined events with the reason. */
  quarantine: QuarantinedEvent[]
  /** Fields stored with U+FFFD in place of a NUL character or a lone surrogate (which cannot be stored). */
  repaired: number
  /** The first repaired fields, by messageId. */
  repairs: QuarantinedEvent[]
}

const number = (value: number) => value.toLocaleString('en-US')
const listOf = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([name, count]) => `${name} ${number(count)}`)
    .join(' · ')

function listEvents(lines: string[], title: string, shown: QuarantinedEvent[], total: number): void {
  if (shown.length === 0) return
  lines.push(title)
  for (const event of shown) lines.push(`  ${event.messageId}: ${event.field}: ${event.problem}`)
  if (total > shown.length) lines.push(`  … and ${number(total - shown.length)} more`)
}

/** Renders a summary as plain text for the terminal or a log. */
export function renderImportSummary(summary: ImportSummary): string {
  const lines = [
    `Imported ${summary.format} from ${summary.path}`,
    `  rows read      ${number(summary.rowsRead)} (${listOf(summary.rowsReadByFile)})`,
    `  rows skipped   ${number(summary.rowsSkipped)}`,
    `  events         ${number(summary.eventsProduced)} (${listOf(summary.eventsByName)})`,
    `  ingested       accepted ${number(summary.accepted)} · duplicates ${number(summary.duplicates)} · quarantined ${number(summary.quarantined)} · repaired ${number(summary.repaired)}`,
    `  in the source  ${listOf(summary.facts)}`,
  ]
  if (summary.skipped.length > 0) {
    lines.push('Skipped rows:')
    for (const entry of summary.skipped) {
      const more = entry.count > entry.lines.length ? ', …' : ''
      const where = entry.lines.length === 1 ? 'line' : 'lines'
      lines.push(
        `  ${number(entry.count).padStart(7)}  ${entry.reason} (${entry.file} ${where} ${entry.lines.join(', ')}${more})`,
      )
    }
  }
  listEvents(lines, 'Quarantined events:', summary.quarantine, summary.quarantined)
  listEvents(lines, 'Repaired fields (NUL or lone surrogate → U+FFFD):', summary.repairs, summary.repaired)
  return lines.join('\n')
}

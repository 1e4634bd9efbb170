import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type CsvError, parse } from 'csv-parse'
import { ImportError } from './import-error.js'
import { SkipLog } from './skips.js'

/** One data row of a CSV file: fields by header name, and the line it starts on (the header is line 1). */
export interface CsvRow {
  line: number
  fields: Record<string, string>
}

/** A CSV file read whole: its header, its well-formed rows and the rows it could not read. */
export interface CsvTable {
  /** File name without folder, used in skip reports. */
  file: string
  header: string[]
  rows: CsvRow[]
  /** Rows with the wrong number of fields or broken quoting. */
  skipped: SkipLog
}

/** Reads a CSV file with a header line. Multi-line quoted fields are kept; a BOM is ignored. */
export async function readCsv(path: string): Promise<CsvTable> {
  return parseCsvStream(createReadStream(path), basename(path))
}

/** Reads CSV text held in memory (tests, small uploads). */
export async function parseCsvText(text: string, file = 'input.csv'): Promise<CsvTable> {
  return parseCsvStream([text], file)
}

async function parseCsvStream(source: Readable | string[], file: string): Promise<CsvTable> {
  const skipped = new SkipLog()
  let header: string[] | undefined
  const rows: CsvRow[] = []
  // csv-parse counts a CRLF inside a quoted field as two lines, so lines are counted here from the raw text.
  let nextLine = 1
  const parser = parse({
    bom: true,
    raw: true,
    // Exports are sloppy: a stray quote inside an unquoted field (`5" pot`) must not stop the import.
    relax_quotes: true,
    // Rows with too few or too many fields are reported one by one below instead of failing the file.
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      skipped.add(file, nextLine, `CSV syntax error${error ? ` (${error.code})` : ''}`)
      nextLine += countLineBreaks(raw ?? '')
      return undefined
    },
    // With `raw: true` each record arrives as { record, raw }; the typings only know plain records.
    on_record: (output: unknown) => {
      const { record, raw } = output as { record: string[]; raw: string }
      const line = nextLine
      nextLine += countLineBreaks(raw)
      if (record.length === 1 && record[0] === '') return null // an empty line
      if (!header) {
        header = record.map((name) => name.trim())
        return null
      }
      if (record.length !== header.length) {
        skipped.add(file, line, `row has ${record.length} fields, the header has ${header.length}`)
        return null
      }
      const fields: Record<string, string> = {}
      header.forEach((name, i) => {
        fields[name] = record[i] ?? ''
      })
      rows.push({ line, fields })
      return null
    },
  })
  await pipeline(Readable.from(source), parser, async (records: AsyncIterable<unknown>) => {
    for await (const _ of records);
  })
  return { file, header: header ?? [], rows, skipped }
}

function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0
}

/** Fails before any row is mapped when the header lacks a column the mapping cannot do without. */
export function requireColumns(table: CsvTable, columns: readonly string[]): void {
  const missing = columns.filter((column) => !table.header.includes(column))
  if (missing.length > 0)
    throw new ImportError(
      `${table.file} has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (header: ${table.header.join(', ')})`,
    )
}

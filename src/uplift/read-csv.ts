/** Reads a CSV file with a header line into a table for encodeTable (the module's one piece of file I/O). */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import {
  type EncodedTable,
  type EncodeOptions,
  encodeTable,
  TableError,
  type TableRow,
} from './encode-table.js'

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'there is no such file'
  if (code === 'EISDIR') return 'it is a folder'
  if (code === 'EACCES') return 'permission denied'
  return error instanceof Error ? error.message : String(error)
}

/** The CSV file's two arms as UpliftData; throws TableError naming the file, line or column. */
export function readUpliftCsv(path: string, options: EncodeOptions): EncodedTable {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new TableError(`cannot read ${path}: ${describe(error)}`)
  }
  let records: { record: string[]; info: { lines: number } }[]
  try {
    // With `info: true` each record comes as { record, info }; the typings only know plain records.
    records = parse(text, { bom: true, info: true, skip_empty_lines: true }) as unknown as typeof records
  } catch (error) {
    const line = (error as { lines?: number }).lines
    throw new TableError(
      `${path}${line ? ` line ${line}` : ''}: not a readable CSV file (${(error as Error).message})`,
    )
  }
  const [head, ...body] = records
  if (!head) throw new TableError(`${path} is empty: it needs a header line`)
  // info.lines is the line the record ends on; a record of this data is one line.
  const rows: TableRow[] = body.map((r) => ({ line: r.info.lines, fields: r.record }))
  return encodeTable(head.record, rows, options)
}

/**
 * `reel import`: turns order history (Olist, UCI Online Retail, a generic orders CSV) into the same Segment
 * events live ingestion takes. Mapping decisions are documented in README.md beside this file.
 */
export type { CsvRow, CsvTable } from './csv.js'
export { detectFormat } from './detect-format.js'
export { ImportError } from './import-error.js'
export type { MappedImport } from './messages.js'
export { type ImportOptions, type ImportSource, mapImportSource, runImport } from './run-import.js'
export type { SkippedRows } from './skips.js'
export {
  type ImportFormat,
  type ImportSummary,
  type QuarantinedEvent,
  renderImportSummary,
} from './summary.js'

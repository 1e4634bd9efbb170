/**
 * Turns a table of text (a CSV file) into UpliftData: the rows of the two arms compared, numeric columns as
 * they are plus log(1 + x) for non-negative ones (spend histories are heavy-tailed; the log helped on
 * Hillstrom), and text columns one-hot encoded. Errors name the column, the value or the line.
 */
import type { UpliftData } from './train-uplift.js'

/** A data row of the table and the line it starts on (the header is line 1). */
export interface TableRow {
  line: number
  fields: string[]
}

export interface EncodeOptions {
  treatmentColumn: string
  treatmentValue: string
  controlValue: string
  outcomeColumn: string
  /** Feature columns; by default every column but the treatment and the outcome. */
  featureColumns?: string[]
}

/** What the table gave: the data, the line each of its rows came from, how many rows were of neither arm. */
export interface EncodedTable {
  data: UpliftData
  lines: number[]
  ignoredRows: number
}

/** The error of a table that cannot be used; the CLI prints it and exits 2. */
export class TableError extends Error {}

/** Throws naming the first line whose outcome is not 0 or 1 (for a classifier). */
export function requireBinaryOutcome(table: EncodedTable, outcomeColumn: string): void {
  const at = table.data.outcome.findIndex((y) => y !== 0 && y !== 1)
  if (at >= 0)
    throw new TableError(
      `line ${table.lines[at]}: outcome column '${outcomeColumn}' holds ${table.data.outcome[at]}; a classifier needs 0 or 1`,
    )
}

// More levels than this is an identifier or free text, not a category to one-hot encode.
const MAX_LEVELS = 100

function columnIndex(header: string[], name: string, role: string): number {
  const index = header.indexOf(name)
  if (index < 0)
    throw new TableError(`the ${role} column '${name}' is not in the header (${header.join(', ')})`)
  return index
}

function parseNumber(text: string): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : null
}

/** One input column turned into one or more feature columns. */
interface Encoder {
  names: string[]
  encode(text: string, into: number[]): void
}

function encoderFor(name: string, values: string[], lines: number[]): Encoder {
  const numbers = values.map(parseNumber)
  if (numbers.every((v) => v !== null)) {
    const distinct = new Set(numbers).size
    if (numbers.every((v) => v >= 0) && distinct > 2)
      return {
        names: [name, `log1p(${name})`],
        encode: (text, into) => {
          const v = Number(text)
          into.push(v, Math.log1p(v))
        },
      }
    return { names: [name], encode: (text, into) => void into.push(Number(text)) }
  }
  const firstText = numbers.indexOf(null)
  const levels = [...new Set(values)].sort()
  if (levels.length > MAX_LEVELS)
    throw new TableError(
      `column '${name}' has ${levels.length} distinct values (line ${lines[firstText]}: '${values[firstText]}' is not a number): too many to encode as categories`,
    )
  const position = new Map(levels.map((level, i) => [level, i]))
  return {
    names: levels.map((level) => `${name}=${level}`),
    encode: (text, into) => {
      const at = position.get(text)!
      for (let i = 0; i < levels.length; i++) into.push(i === at ? 1 : 0)
    },
  }
}

/** The rows of the two arms as UpliftData; rows of any other treatment value are left out. */
export function encodeTable(header: string[], rows: TableRow[], options: EncodeOptions): EncodedTable {
  const treatmentAt = columnIndex(header, options.treatmentColumn, 'treatment')
  const outcomeAt = columnIndex(header, options.outcomeColumn, 'outcome')
  const featureColumns =
    options.featureColumns ??
    header.filter((h) => h !== options.treatmentColumn && h !== options.outcomeColumn)
  if (featureColumns.length === 0) throw new TableError('there is no feature column')
  const featureAt = featureColumns.map((name) => {
    if (name === options.treatmentColumn || name === options.outcomeColumn)
      throw new TableError(`column '${name}' cannot be a feature: it is the treatment or the outcome`)
    return columnIndex(header, name, 'feature')
  })
  const kept: TableRow[] = []
  const treatment: number[] = []
  for (const row of rows) {
    const arm = row.fields[treatmentAt]
    if (arm === options.treatmentValue || arm === options.controlValue) {
      kept.push(row)
      treatment.push(arm === options.treatmentValue ? 1 : 0)
    }
  }
  for (const [value, flag] of [
    [options.treatmentValue, 1],
    [options.controlValue, 0],
  ] as const)
    if (!treatment.includes(flag))
      throw new TableError(`the value '${value}' never occurs in column '${options.treatmentColumn}'`)
  const outcome = kept.map((row) => {
    const value = parseNumber(row.fields[outcomeAt] ?? '')
    if (value === null)
      throw new TableError(
        `line ${row.line}: outcome column '${options.outcomeColumn}' holds '${row.fields[outcomeAt]}', not a number`,
      )
    return value
  })
  const lines = kept.map((row) => row.line)
  const encoders = featureAt.map((at, j) => {
    const values = kept.map((row) => row.fields[at] ?? '')
    return encoderFor(featureColumns[j]!, values, lines)
  })
  const data: UpliftData = {
    featureNames: encoders.flatMap((e) => e.names),
    rows: kept.map((row) => {
      const features: number[] = []
      for (const [j, at] of featureAt.entries()) encoders[j]!.encode(row.fields[at] ?? '', features)
      return features
    }),
    treatment,
    outcome,
  }
  return { data, lines, ignoredRows: rows.length - kept.length }
}

/** What the benches' command lines and reports share: the demo shop's and the engines' options, log lines, numbers. */
import { type ParseArgsConfig, parseArgs } from 'node:util'

/** The engines a bench measures: the embedded one (PGlite) and PostgreSQL. */
export type Engine = 'embedded' | 'postgres'

/**
 * `parseArgs` options every bench takes: the demo shop (--customers --days --seed, CSV --chunk-rows),
 * the engines (--engines, --pg-url), and --json PATH (also write the results as JSON).
 */
export const COMMON_OPTIONS = {
  customers: { type: 'string', default: '100000' },
  days: { type: 'string', default: '400' },
  seed: { type: 'string', default: '1' },
  'pg-url': { type: 'string' },
  engines: { type: 'string', default: 'embedded,postgres' },
  'chunk-rows': { type: 'string', default: '200000' },
  json: { type: 'string' },
} as const

/** The values of a bench's `args`: COMMON_OPTIONS and the bench's own `options` (unknown options throw). */
export function parseBenchArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
) {
  return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options } }).values
}

/** The PostgreSQL admin URL (--pg-url, else REEL_BENCH_DATABASE_URL) and the known engines of --engines. */
export function enginesOf(values: { 'pg-url'?: string; engines?: string }): {
  pgUrl: string | undefined
  engines: Engine[]
} {
  return {
    pgUrl: values['pg-url'] ?? process.env.REEL_BENCH_DATABASE_URL,
    engines: (values.engines ?? '')
      .split(',')
      .filter((e): e is Engine => e === 'embedded' || e === 'postgres'),
  }
}

export const MB = 1024 * 1024
/** A progress line on stderr (the results go to stdout). */
export const log = (line: string) => process.stderr.write(`${line}\n`)
/** A whole number with thousands separators. */
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

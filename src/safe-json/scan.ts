/**
 * PostgreSQL refuses a NUL character in `text` and `jsonb`, and a lone UTF-16 surrogate cannot be encoded
 * as UTF-8 at all; JavaScript strings may hold both. JSON.stringify and PostgreSQL's parsers also recurse,
 * so a value nested thousands of levels deep overflows a stack. These walks find (or repair) all three
 * before a value reaches the database.
 */

/** How many arrays and objects may enclose a value. Real shop data nests a handful of levels. */
export const MAX_JSON_DEPTH = 64

/** A value the database cannot store, by its dotted path, and why. */
export interface UnstorableValue {
  field: string
  problem: string
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g')

/** Why PostgreSQL cannot store this string, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\0')) return 'contains a NUL character'
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate'
  return undefined
}

/** The string with each NUL and lone surrogate replaced by U+FFFD, the replacement character. */
export function repairText(text: string): string {
  return text.replaceAll('\0', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD')
}

const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`)
const tooDeep = (field: string): UnstorableValue => ({
  field,
  problem: `nested deeper than ${MAX_JSON_DEPTH} levels`,
})
const badKey = (field: string, problem: string): UnstorableValue => ({ field, problem: `the key ${problem}` })

function entriesOf(value: object): [string | number, unknown][] {
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)
}

/**
 * The first string, object key or nesting in a JSON value that cannot be stored, with its dotted path
 * under `path` (e.g. `querystring.customer`), or undefined when the whole value can be stored.
 */
export function findUnstorable(value: unknown, path = '', depth = 0): UnstorableValue | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value)
    return problem ? { field: path || '(value)', problem } : undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  if (depth >= MAX_JSON_DEPTH) return tooDeep(path || '(value)')
  for (const [key, child] of entriesOf(value)) {
    const keyProblem = typeof key === 'string' ? textProblem(key) : undefined
    if (keyProblem) return badKey(join(path, repairText(key as string)), keyProblem)
    const found = findUnstorable(child, join(path, key), depth + 1)
    if (found) return found
  }
  return undefined
}

/** A JSON value made storable, and what was changed to make it so. */
export interface RepairedJson {
  value: unknown
  /** Each string or key whose NULs and lone surrogates became U+FFFD. */
  repairs: UnstorableValue[]
  /** Where the value nested too deep (that part is cut off in `value`), or undefined. */
  tooDeep: UnstorableValue | undefined
}

/**
 * A copy of a JSON value with every NUL and lone surrogate, in strings and in object keys, replaced by
 * U+FFFD; anything nested past MAX_JSON_DEPTH is replaced by a note saying so. Paths are dotted under `path`.
 */
export function repairUnstorable(value: unknown, path = ''): RepairedJson {
  const repairs: UnstorableValue[] = []
  let deep: UnstorableValue | undefined
  const walk = (v: unknown, at: string, depth: number): unknown => {
    if (typeof v === 'string') {
      const problem = textProblem(v)
      if (!problem) return v
      repairs.push({ field: at || '(value)', problem })
      return repairText(v)
    }
    if (typeof v !== 'object' || v === null) return v
    if (depth >= MAX_JSON_DEPTH) {
      deep ??= tooDeep(at || '(value)')
      return `(cut: ${deep.problem})`
    }
    if (Array.isArray(v)) return v.map((child, i) => walk(child, join(at, i), depth + 1))
    // Object.fromEntries defines own properties, so a "__proto__" key stays a plain key.
    return Object.fromEntries(
      Object.entries(v).map(([key, child]) => {
        const problem = textProblem(key)
        const storedKey = problem ? repairText(key) : key
        if (problem) repairs.push(badKey(join(at, storedKey), problem))
        return [storedKey, walk(child, join(at, storedKey), depth + 1)]
      }),
    )
  }
  return { value: walk(value, path, 0), repairs, tooDeep: deep }
}

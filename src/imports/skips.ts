/** Rows that became no event, grouped by why, so a shop can fix its export and import again. */
export interface SkippedRows {
  reason: string
  file: string
  count: number
  /** The first line numbers (1 = the header line), enough to find the rows in the file. */
  lines: number[]
}

const LINES_KEPT = 10

/** Collects skipped rows by (file, reason). */
export class SkipLog {
  readonly #byKey = new Map<string, SkippedRows>()

  /** Records that the row of `file` starting at `line` became no event, and why. */
  add(file: string, line: number, reason: string): void {
    const key = `${file}\u0000${reason}`
    let entry = this.#byKey.get(key)
    if (!entry) {
      entry = { reason, file, count: 0, lines: [] }
      this.#byKey.set(key, entry)
    }
    entry.count += 1
    if (entry.lines.length < LINES_KEPT) entry.lines.push(line)
  }

  /** Adds every entry of another log (used to fold parse errors into the mapping's log). */
  merge(other: SkippedRows[]): void {
    for (const entry of other) {
      for (const line of entry.lines) this.add(entry.file, line, entry.reason)
      const mine = this.#byKey.get(`${entry.file}\u0000${entry.reason}`)
      if (mine) mine.count += entry.count - entry.lines.length
    }
  }

  get total(): number {
    let sum = 0
    for (const entry of this.#byKey.values()) sum += entry.count
    return sum
  }

  /** Entries, most frequent first. */
  list(): SkippedRows[] {
    return [...this.#byKey.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
  }
}

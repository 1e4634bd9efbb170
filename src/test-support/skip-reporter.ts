/**
 * A node:test reporter, used beside `spec` by `npm test`, that lists what did not run. Node's summary counts
 * skipped tests only: a suite skipped with `describe(name, { skip })` (an engine that is not there, a data
 * set that is absent) is not counted, nor are the tests in it, so "skipped 0" could hide 27 skipped suites.
 */

/** A skipped suite or test, as the reporter stream tells of it. */
export interface Skipped {
  kind: 'suite' | 'test'
  name: string
  reason: string
  file: string | undefined
}

interface TestEvent {
  type: string
  data?: { name?: string; skip?: boolean | string; file?: string; details?: { type?: string } }
}

/** The skipped suite or test an event reports, if it reports one. */
export function skippedOf(event: TestEvent): Skipped | undefined {
  if (event.type !== 'test:pass' || !event.data?.skip) return undefined
  return {
    kind: event.data.details?.type === 'suite' ? 'suite' : 'test',
    name: event.data.name ?? '?',
    reason: event.data.skip === true ? 'no reason given' : event.data.skip,
    file: event.data.file,
  }
}

/** The summary lines: counts, then each skipped suite and test under its reason. */
export function renderSkipped(skipped: readonly Skipped[], cwd = process.cwd()): string {
  const suites = skipped.filter((s) => s.kind === 'suite').length
  const head = `ℹ skipped suites ${suites}, skipped tests ${skipped.length - suites} (tests inside skipped suites are not run)`
  if (skipped.length === 0) return `${head}\n`
  const byReason = new Map<string, Skipped[]>()
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s])
  const lines = [...byReason].flatMap(([reason, items]) => [
    `  ﹣ ${items.length} × ${reason}`,
    ...items.map((s) => `      ${s.kind} "${s.name}"${s.file ? ` (${s.file.replace(`${cwd}/`, '')})` : ''}`),
  ])
  return `${[head, ...lines].join('\n')}\n`
}

/** The reporter: collects skips from the stream and prints them once it ends. */
export default async function* skipReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const skipped: Skipped[] = []
  for await (const event of source) {
    const found = skippedOf(event)
    if (found) skipped.push(found)
  }
  yield renderSkipped(skipped)
}

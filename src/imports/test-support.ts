import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type TestContext, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { IngestResult } from '../events/ingestor.js'
import {
  type MessageProblem,
  type RawMessage,
  type ValidMessage,
  validateMessage,
} from '../events/message.js'

// Shared data lives beside the repository (../shared/data), never inside it.
const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..')
/** The folder with the public data sets used by the tests. */
export const testDataDir = process.env.REEL_TEST_DATA ?? resolve(repoRoot, '..', 'shared', 'data')

/**
 * A test over a public data set: skipped with the reason when the data is absent on a developer machine,
 * failed when it is absent on CI (CI=true), where a silently skipped fact check would prove nothing.
 */
export function dataTest(
  name: string,
  dataPath: string,
  body: (path: string, t: TestContext) => Promise<void>,
) {
  const path = join(testDataDir, dataPath)
  const present = existsSync(path)
  if (!present && process.env.CI !== 'true') {
    test(name, { skip: `${path} is absent (set REEL_TEST_DATA to the shared data folder)` }, () => {})
    return
  }
  test(name, async (t) => {
    if (!present) throw new Error(`${path} is absent on CI; set REEL_TEST_DATA to the shared data folder`)
    await body(path, t)
  })
}

/** An in-memory EventIngestor that validates every message as ingestion does and dedupes on messageId. */
export function memoryIngestor() {
  const stored = new Map<string, ValidMessage>()
  const invalid: MessageProblem[] = []
  const batchSizes: number[] = []
  return {
    stored,
    invalid,
    batchSizes,
    /** Stored messages in arrival order. */
    messages: () => [...stored.values()],
    async settle() {},
    async ingest(batch: RawMessage[]): Promise<IngestResult> {
      batchSizes.push(batch.length)
      const result: IngestResult = {
        accepted: 0,
        duplicates: 0,
        quarantined: [],
        repaired: [],
        position: null,
      }
      batch.forEach((raw, index) => {
        const outcome = validateMessage(raw, index, '2000-01-01T00:00:00.000Z')
        if (!outcome.ok) {
          invalid.push(outcome.problem)
          result.quarantined.push(outcome.problem)
          return
        }
        const id = outcome.message.messageId
        if (id === undefined) {
          const problem = { index, field: 'messageId', problem: 'imports must set a messageId' }
          invalid.push(problem)
          result.quarantined.push(problem)
        } else if (stored.has(id)) result.duplicates += 1
        else {
          stored.set(id, outcome.message)
          result.accepted += 1
        }
      })
      return result
    },
  }
}

/** Events with the given name, as ingestion stored them. */
export function eventsNamed(messages: ValidMessage[], name: string): ValidMessage[] {
  return messages.filter((message) => message.event === name)
}

import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { EventIngestor, IngestResult } from '../events/ingestor.js'
import type { RawMessage } from '../events/message.js'
import { type GroundTruth, RADAR_KINDS, runDemo } from './index.js'

/** An in-memory ingestor, idempotent on messageId like the real one. */
function memoryIngestor(): EventIngestor & { stored: Map<string, RawMessage>; batchSizes: number[] } {
  const stored = new Map<string, RawMessage>()
  const batchSizes: number[] = []
  return {
    stored,
    batchSizes,
    async settle() {},
    async ingest(batch): Promise<IngestResult> {
      batchSizes.push(batch.length)
      let accepted = 0
      for (const message of batch) {
        const id = String(message.messageId)
        if (stored.has(id)) continue
        stored.set(id, message)
        accepted += 1
      }
      return { accepted, duplicates: batch.length - accepted, quarantined: [], repaired: [], position: null }
    },
  }
}

test('runDemo ingests the shop and writes the ground truth; a second run only repeats', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reel-demo-'))
  try {
    const ingestor = memoryIngestor()
    const options = { customers: 120, days: 60, seed: 3, truthPath: join(dir, 'truth.json') }
    let progress = 0
    const summary = await runDemo({ ...options, onProgress: (n) => (progress = n) }, ingestor)
    assert.equal(summary.accepted, summary.events)
    assert.equal(progress, summary.events)
    assert.ok(ingestor.batchSizes.every((n) => n <= 500))
    assert.equal(summary.asOf, '2026-11-01T00:00:00.000Z')

    const text = await readFile(options.truthPath, 'utf8')
    const truth = JSON.parse(text) as GroundTruth
    assert.equal(truth.generatedEvents, summary.events)
    assert.deepEqual(Object.keys(truth.kinds), [...RADAR_KINDS])
    for (const kind of RADAR_KINDS) assert.equal(truth.counts[kind], truth.kinds[kind].length)
    assert.deepEqual(truth.counts, summary.truthCounts)

    const again = await runDemo(options, ingestor)
    assert.equal(again.accepted, 0)
    assert.equal(again.duplicates, summary.events)
    assert.equal(await readFile(options.truthPath, 'utf8'), text)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

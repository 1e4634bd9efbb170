import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RawMessage } from '../events/index.js'
import { ingestBehind } from './ingest-behind.js'

const event = (n: number): RawMessage => ({ type: 'track', event: 'Message Sent', messageId: `m${n}` })

test('one ingest runs at a time, one round waits its turn, and a third round waits until there is room', async () => {
  const batches: string[][] = []
  let release!: () => void
  const events = ingestBehind(async (batch) => {
    batches.push(batch.map((e) => String(e.messageId)))
    if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve))
  })
  await events.add([event(1)])
  await events.add([event(2)])
  let third = false
  const adding = events.add([event(3), event(4)]).then(() => (third = true))
  await new Promise(setImmediate)
  assert.deepEqual(batches, [['m1']], 'one ingest at a time')
  assert.equal(third, false, 'two rounds not ingested yet: the third waits')
  release()
  await adding
  await events.flush()
  assert.deepEqual(batches, [['m1'], ['m2'], ['m3', 'm4']])
})

test('an ingest that fails is reported by the next add or flush', async () => {
  const events = ingestBehind(async () => {
    throw new Error('database gone')
  })
  await events.add([event(1)])
  await assert.rejects(events.flush(), /database gone/)
  await assert.rejects(events.add([event(2)]), /database gone/)
})

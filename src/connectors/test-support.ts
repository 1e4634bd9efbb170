import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import type { RawMessage } from '../events/index.js'
import { readMessage } from '../events/index.js'
import type { ConnectorContext, MapOutcome } from './mapping.js'

/** A fixture body (a platform's documented example payload), fresh each time so a test may change it. */
export function fixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8'))
}

export const SHOP_CTX: ConnectorContext = {
  shop: 'example.myshopify.com',
  receivedAt: '2024-02-01T00:00:00.000Z',
}
export const WOO_CTX: ConnectorContext = { shop: 'shop.example.com', receivedAt: '2024-02-01T00:00:00.000Z' }

/** The messages of an outcome that must be ok, each checked by Reel's own ingestion validator. */
export function messagesOf(outcome: MapOutcome): RawMessage[] {
  assert.ok(outcome.ok, `expected messages, got ${JSON.stringify(outcome)}`)
  assert.ok('messages' in outcome, 'expected messages, got a privacy request')
  outcome.messages.forEach((message, index) => {
    const read = readMessage(message, index, '2024-02-01T00:00:00.000Z')
    assert.ok(read.outcome.ok, `message ${index} refused: ${JSON.stringify(read.outcome)}`)
    assert.equal(read.repairs.length, 0)
  })
  return outcome.messages
}

/** The one message of an event name among messages. */
export function only(messages: RawMessage[], event: string): RawMessage {
  const found = messages.filter((m) => m.event === event)
  assert.equal(found.length, 1, `expected one ${event}, got ${found.length}`)
  return found[0]!
}

/** The log after some deliveries: the first message of each messageId is kept, as the ingestor does. */
export function storedFacts(deliveries: RawMessage[][]): Map<string, RawMessage> {
  const log = new Map<string, RawMessage>()
  for (const messages of deliveries)
    for (const m of messages) if (!log.has(String(m.messageId))) log.set(String(m.messageId), m)
  return log
}

/** Every order of a list (for shuffling a handful of deliveries exhaustively). */
export function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  )
}

/**
 * The demo shop's events, generated once before anything is timed, in the two shapes the bench sends:
 * pre-serialised `/v1/batch` bodies (for HTTP) and CSV files of `events` rows as Reel stores them (for COPY).
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { generateDemoShop } from '../../src/demo/index.js'
import type { RawMessage } from '../../src/events/index.js'
import type { CsvChunk } from '../support/event-copy.js'

/** The time every reference row was "received" at. */
const RECEIVED_AT = '2026-11-01T00:00:00.000Z'

export interface DemoCorpus {
  events: number
  /** `{"batch":[…]}` bodies, ≤ 500 events each, in generation order. */
  bodies: Buffer[]
  /** Events in each body. */
  sizes: number[]
  csvChunks: CsvChunk[]
  jsonBytes: number
  csvBytes: number
  /** Time to generate the shop and serialise it (not part of any measurement). */
  generateMs: number
  /** Of which: JSON.stringify of the bodies, what a client would spend. */
  serialiseMs: number
}

function csvText(value: string | null): string {
  return value === null ? '' : `"${value.replaceAll('"', '""')}"`
}

function idText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value)
}

/** One `events` row as Reel would store it; identity resolution is reduced to userId ?? anon:anonymousId. */
function csvRow(m: RawMessage): string {
  const userId = idText(m.userId)
  const anonymousId = idText(m.anonymousId)
  const type = String(m.type)
  const time = (m.timestamp ?? m.originalTimestamp ?? RECEIVED_AT) as string
  const withTraits = type === 'identify' || type === 'group'
  return [
    csvText(idText(m.messageId)),
    csvText(userId ?? `anon:${anonymousId}`),
    csvText(userId),
    csvText(anonymousId),
    csvText(type),
    csvText(type === 'track' ? idText(m.event) : null),
    csvText(idText(m.name)),
    csvText(new Date(time).toISOString()),
    csvText(RECEIVED_AT),
    csvText('api'),
    csvText(JSON.stringify(m.properties ?? {})),
    csvText(JSON.stringify(withTraits ? (m.traits ?? {}) : {})),
    csvText(JSON.stringify(m.context ?? {})),
  ].join(',')
}

/** Generates `generateDemoShop({ customers, days, seed })` into memory (bodies) and `dir` (CSV chunks). */
export function buildDemoCorpus(options: {
  customers: number
  days: number
  seed: number
  dir: string
  chunkRows: number
}): DemoCorpus {
  const started = performance.now()
  const bodies: Buffer[] = []
  const sizes: number[] = []
  const csvChunks: CsvChunk[] = []
  let serialiseMs = 0
  let events = 0
  let jsonBytes = 0
  let fd = -1
  let chunk: CsvChunk | undefined
  for (const batch of generateDemoShop(options)) {
    const t = performance.now()
    const body = Buffer.from(JSON.stringify({ batch }))
    serialiseMs += performance.now() - t
    bodies.push(body)
    sizes.push(batch.length)
    jsonBytes += body.length
    events += batch.length
    if (!chunk || chunk.rows >= options.chunkRows) {
      if (fd >= 0) closeSync(fd)
      chunk = { path: join(options.dir, `events-${csvChunks.length}.csv`), rows: 0, bytes: 0 }
      csvChunks.push(chunk)
      fd = openSync(chunk.path, 'w')
    }
    const text = `${batch.map(csvRow).join('\n')}\n`
    chunk.rows += batch.length
    chunk.bytes += writeSync(fd, text)
  }
  if (fd >= 0) closeSync(fd)
  return {
    events,
    bodies,
    sizes,
    csvChunks,
    jsonBytes,
    csvBytes: csvChunks.reduce((sum, c) => sum + c.bytes, 0),
    generateMs: performance.now() - started,
    serialiseMs,
  }
}

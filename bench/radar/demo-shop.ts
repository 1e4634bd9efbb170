/**
 * The demo shop for the radar bench, generated twice (it is deterministic) and never ingested:
 *
 * 1. the ground truth (the oracle of src/demo), the identity links, and the members;
 * 2. the `events` rows exactly as Reel's ingestion stores them: validated (`validateMessage`: ids as
 *    text, numeric text made numbers, the time normalised) and with `customer_id` identity-RESOLVED as
 *    src/events/ingest.ts resolves it, written as CSV chunks for COPY.
 *
 * Resolution, as ingestion does it: an anonymous id belongs to the first userId a message carrying both
 * ids (identify, or any other event sent with both) or an alias (previousId → userId) ties it to, in stream
 * order; all its events, before and after, are that member's. A visitor never tied stays
 * `anon:<anonymousId>`. The truth collector links on identify and alias only: where the two rules would
 * tie an anonymous id to different members, the bench says so (`linkDisagreements`).
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import {
  createTruthCollector,
  demoWindow,
  type GroundTruth,
  generateDemoShop,
  truthFromCollector,
} from '../../src/demo/index.js'
import { type RawMessage, validateMessage } from '../../src/events/index.js'
import type { CsvChunk } from '../support/event-copy.js'

/** What every loaded row says it was received at (the demo's end; no rule reads it). */
const RECEIVED_AT = '2026-11-01T00:00:00.000Z'
const SOURCE = 'demo'

export interface RadarDemoShop {
  truth: GroundTruth
  asOf: Date
  /** Messages generated; rows written (the valid ones: they should be equal). */
  events: number
  rows: number
  invalid: number
  csvChunks: CsvChunk[]
  csvBytes: number
  /** Members (userIds) with at least one event, in first-seen order. */
  members: string[]
  /** Anonymous ids tied to a member; events whose customer_id changed from anon: to a member by that. */
  linkedAnonymousIds: number
  resolvedAnonymousEvents: number
  /** Anonymous ids that ingestion's rule and the truth collector's rule tie to different members. */
  linkDisagreements: number
  /** Time of the first pass (generation + truth) and of the second (generation + validation + CSV). */
  truthMs: number
  rowsMs: number
}

const idText = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined

function csvText(value: string | null): string {
  return value === null ? '' : `"${value.replaceAll('"', '""')}"`
}

export function generateRadarDemoShop(options: {
  customers: number
  days: number
  seed: number
  dir: string
  chunkRows: number
  log?: (line: string) => void
}): RadarDemoShop {
  const shopOptions = { customers: options.customers, days: options.days, seed: options.seed }
  const { asOf } = demoWindow(shopOptions)

  // Pass 1: the truth, ingestion's links (first link of an anonymous id wins) and the collector's.
  let started = performance.now()
  const collector = createTruthCollector(asOf)
  const links = new Map<string, string>()
  const collectorLinks = new Map<string, string>()
  const members = new Set<string>()
  let events = 0
  for (const batch of generateDemoShop(shopOptions)) {
    for (const m of batch) {
      collector.observe(m)
      events++
      const userId = m.userId == null ? undefined : idText(m.userId)
      if (userId === undefined) continue
      members.add(userId)
      const anonymousId = m.anonymousId == null ? undefined : idText(m.anonymousId)
      if (anonymousId !== undefined && !links.has(anonymousId)) links.set(anonymousId, userId)
      const previousId = m.type === 'alias' ? idText(m.previousId) : undefined
      if (previousId !== undefined && !links.has(previousId)) links.set(previousId, userId)
      if (m.type === 'identify' && anonymousId !== undefined && !collectorLinks.has(anonymousId))
        collectorLinks.set(anonymousId, userId)
      if (previousId !== undefined && !collectorLinks.has(previousId)) collectorLinks.set(previousId, userId)
    }
  }
  const truth = truthFromCollector(options, asOf, events, collector)
  let linkDisagreements = 0
  for (const [anonymousId, userId] of links) {
    const other = collectorLinks.get(anonymousId)
    if (other !== undefined && other !== userId) linkDisagreements++
  }
  for (const anonymousId of collectorLinks.keys()) if (!links.has(anonymousId)) linkDisagreements++
  const truthMs = performance.now() - started
  options.log?.(
    `  pass 1 (generate + ground truth): ${events.toLocaleString('en-US')} events, ${members.size.toLocaleString('en-US')} members, ` +
      `${links.size.toLocaleString('en-US')} anonymous ids tied to a member, in ${(truthMs / 1000).toFixed(1)} s`,
  )

  // Pass 2: the rows as ingestion stores them, resolved with every link (earlier events follow too).
  started = performance.now()
  const csvChunks: CsvChunk[] = []
  let chunk: CsvChunk | undefined
  let fd = -1
  let rows = 0
  let invalid = 0
  let resolvedAnonymousEvents = 0
  let index = 0
  for (const batch of generateDemoShop(shopOptions)) {
    const lines: string[] = []
    for (const raw of batch as RawMessage[]) {
      const outcome = validateMessage(raw, index++, RECEIVED_AT)
      if (!outcome.ok) {
        invalid++
        continue
      }
      const m = outcome.message
      let customerId: string
      if (m.userId !== null) customerId = m.userId
      else {
        const owner = links.get(m.anonymousId ?? '')
        if (owner !== undefined) resolvedAnonymousEvents++
        customerId = owner ?? `anon:${m.anonymousId ?? ''}`
      }
      lines.push(
        [
          csvText(m.messageId ?? null),
          csvText(customerId),
          csvText(m.userId),
          csvText(m.anonymousId),
          csvText(m.type),
          csvText(m.event),
          csvText(m.name),
          csvText(m.timestamp),
          csvText(RECEIVED_AT),
          csvText(SOURCE),
          csvText(JSON.stringify(m.properties)),
          csvText(JSON.stringify(m.traits)),
          csvText(JSON.stringify(m.context)),
        ].join(','),
      )
    }
    if (lines.length === 0) continue
    if (!chunk || chunk.rows >= options.chunkRows) {
      if (fd >= 0) closeSync(fd)
      chunk = { path: join(options.dir, `radar-events-${csvChunks.length}.csv`), rows: 0, bytes: 0 }
      csvChunks.push(chunk)
      fd = openSync(chunk.path, 'w')
    }
    chunk.rows += lines.length
    chunk.bytes += writeSync(fd, `${lines.join('\n')}\n`)
    rows += lines.length
  }
  if (fd >= 0) closeSync(fd)
  const rowsMs = performance.now() - started
  return {
    truth,
    asOf: new Date(asOf),
    events,
    rows,
    invalid,
    csvChunks,
    csvBytes: csvChunks.reduce((sum, c) => sum + c.bytes, 0),
    members: [...members],
    linkedAnonymousIds: links.size,
    resolvedAnonymousEvents,
    linkDisagreements,
    truthMs,
    rowsMs,
  }
}

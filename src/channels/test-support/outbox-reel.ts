import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { migrations, type Reel } from '../../app.js'
import type { RawMessage } from '../../events/index.js'
import type { TestEngine } from '../../test-support/engines.js'
import {
  type ChannelSettings,
  type Channels,
  channelsMigrations,
  createChannels,
  DEFAULT_CHANNEL_SETTINGS,
  type OutgoingMessage,
} from '../index.js'
import type { DueMessage } from '../provider.js'

/** A Reel with the outbox tables and channels wired the way the composition root will wire them. */
export async function startOutboxReel(engine: TestEngine): Promise<Reel> {
  const reel = await engine.start()
  await reel.database.migrate([...migrations, ...channelsMigrations])
  return reel
}

/** Channels on a Reel, recording every batch they ingest. */
export function channelsOn(
  reel: Reel,
  settings: Partial<ChannelSettings>,
  clock = reel.clock,
  dataDir = mkdtempSync(join(tmpdir(), 'reel-channels-')),
) {
  const ingested: RawMessage[][] = []
  const channels: Channels = createChannels({
    db: reel.database.db,
    pool: reel.database.pool,
    clock,
    settings: { ...DEFAULT_CHANNEL_SETTINGS, ...settings },
    dataDir,
    ingest: (batch) => {
      ingested.push(batch)
      return reel.ingestor.ingest(batch, { source: 'reel' })
    },
  })
  return { channels, ingested, dataDir }
}

/** An e-mail for customer `n`. */
export function emailTo(n: number, over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    idempotencyKey: `campaign:c1:cust-${n}:step-1`,
    channel: 'email',
    customerId: `cust-${n}`,
    messageType: 'marketing',
    to: `cust-${n}@example.com`,
    subject: 'Your cart is waiting',
    text: `Hello ${n}, your cart is waiting.`,
    html: null,
    unsubscribeUrl: `https://shop.example/u/${n}`,
    metadata: { campaignId: 'c1' },
    ...over,
  }
}

/** How many stored events of each delivery event name. */
export async function deliveryEventCounts(reel: Reel): Promise<Record<string, number>> {
  const { rows } = await sql<{ event: string; n: number }>`
    select event, count(*)::int as n from events where event like 'Message %' group by event`.execute(
    reel.database.db,
  )
  return Object.fromEntries(rows.map((r) => [r.event, r.n]))
}

/** A claimed e-mail as a provider gets it. */
export const dueMessage = (over: Partial<DueMessage> = {}): DueMessage => ({
  outboxId: '1',
  idempotencyKey: 'campaign:c1:cust-1:step-1',
  channel: 'email',
  customerId: 'cust-1',
  messageType: 'marketing',
  to: 'ana@example.com',
  subject: 'We kept your cart',
  text: 'Your cart is waiting.',
  html: '<p>Your cart is waiting.</p>',
  unsubscribeUrl: 'https://shop.example/u/abc',
  metadata: { campaignId: 'c1' },
  attempt: 1,
  retries: 0,
  ...over,
})

/**
 * A shop for the campaign crash test: members who agreed to e-mail, each with a bad review (a
 * `negative_review` signal, raised by the radar in the ingesting transaction), and a campaign that answers
 * every one with an e-mail. Plus how the test watches a running `reel serve` through its admin API.
 */
import type { Reel } from '../../app.js'
import type { RawMessage } from '../../events/index.js'
import { TEST_ADMIN_TOKEN } from '../../test-support/engines.js'
import type { Campaign } from '../index.js'
import { oneEmailCampaign } from './one-email.js'

/** The e-mail address of member `n` (also how a delivery at the SMTP server names its customer). */
export const memberEmail = (n: number) => `member-${n}@shop.test`
export const memberId = (n: number) => `member-${n}`

/**
 * Ingests `members` members, each identified with `consent: {email: true}` and then reviewing a product
 * with one star, through the same ingestor as `/v1/batch`; returns how many events were stored.
 */
export async function ingestUnhappyMembers(reel: Reel, members: number, at: Date): Promise<number> {
  // Members per ingested batch (two events each): 500 signals per transaction, as a busy shop's batches.
  const batchSize = 500
  let stored = 0
  for (let first = 0; first < members; first += batchSize) {
    const batch: RawMessage[] = []
    for (let n = first; n < Math.min(first + batchSize, members); n++) {
      const timestamp = at.toISOString()
      batch.push(
        {
          type: 'identify',
          messageId: `identify-${n}`,
          userId: memberId(n),
          timestamp,
          traits: { email: memberEmail(n), name: `Member ${n}`, consent: { email: true } },
        },
        {
          type: 'track',
          messageId: `review-${n}`,
          userId: memberId(n),
          timestamp,
          event: 'Product Reviewed',
          properties: { review_id: `review-${n}`, product_id: `p-${n % 50}`, rating: 1 },
        },
      )
    }
    const result = await reel.ingestor.ingest(batch, { source: 'test' })
    if (result.quarantined.length > 0) throw new Error(JSON.stringify(result.quarantined.slice(0, 3)))
    stored += result.accepted
  }
  return stored
}

/**
 * An active campaign answering each bad review with one e-mail, a tenth held out. No frequency caps, so
 * a customer enrolled twice would get two e-mails instead of the second being skipped quietly.
 */
export function createReviewCampaign(reel: Reel): Promise<Campaign> {
  return reel.campaigns.create(
    oneEmailCampaign(
      'Sorry about your review',
      { type: 'signal', kind: 'negative_review', maxAgeHours: 24 },
      'review_follow_up',
      { caps: {} },
    ),
    'active',
  )
}

/** Where a campaign stands, as `GET /api/v1/campaigns` and `GET /api/v1/messages` show it. */
export interface Progress {
  enrolled: number
  /** Exposures of every outcome (queued, sent, failed, dead, holdout, skipped:…). */
  exposed: number
  exposures: Record<string, number>
  /** Whether the outbox holds a message still to go (pending, sending or failed). */
  outboxBusy: boolean
}

/** Reads a campaign's progress from a running server's admin API. */
export async function progressOf(serverUrl: string, campaignId: string): Promise<Progress> {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${serverUrl}/api/v1${path}`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      signal: AbortSignal.timeout(10_000),
    })
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  const { campaigns } = await get<{
    campaigns: Array<{
      id: string
      enrolled: { treatment: number; holdout: number }
      exposures: Record<string, number>
    }>
  }>('/campaigns')
  const campaign = campaigns.find((c) => c.id === campaignId)
  if (!campaign) throw new Error(`no campaign ${campaignId}`)
  let outboxBusy = false
  for (const state of ['pending', 'sending', 'failed'])
    if ((await get<{ messages: unknown[] }>(`/messages?state=${state}&limit=1`)).messages.length > 0)
      outboxBusy = true
  return {
    enrolled: campaign.enrolled.treatment + campaign.enrolled.holdout,
    exposed: Object.values(campaign.exposures).reduce((a, b) => a + b, 0),
    exposures: campaign.exposures,
    outboxBusy,
  }
}

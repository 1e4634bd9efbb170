/**
 * What the redemptions need, made through the server's own API before anything is timed: members
 * (identify batches on `/v1/batch`), a coupon template, and one coupon per member (`POST /api/v1/coupons`,
 * 1,000 members a call).
 */
import { ADMIN_AUTH, type ReelServer, WRITE_AUTH } from './server.js'

const IDENTIFY_BATCH = 500
const ISSUE_BATCH = 1000
const PARALLEL = 4

/** A coupon as the redeem phase needs it: the code the customer types, and whose it is. */
export interface IssuedCoupon {
  id: string
  code: string
  ownerId: string
}

/** Runs `work` on every item, `parallel` at a time, in order of start. */
async function inParallel<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T)
  }
  await Promise.all(Array.from({ length: parallel }, worker))
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Makes `count` members (`bench-1` …) by identify events with an e-mail and a name. */
export async function createMembers(server: ReelServer, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `bench-${i + 1}`)
  const at = new Date().toISOString()
  await inParallel(chunks(ids, IDENTIFY_BATCH), PARALLEL, async (batch) => {
    const answer = await server.json('POST', '/v1/batch', WRITE_AUTH, {
      batch: batch.map((id) => ({
        type: 'identify',
        userId: id,
        messageId: `identify-${id}`,
        timestamp: at,
        traits: { email: `${id}@bench.example`, name: `Member ${id}` },
      })),
    })
    if (answer.status !== 200)
      throw new Error(`/v1/batch answered ${answer.status}: ${JSON.stringify(answer.body)}`)
  })
  return ids
}

/** A template of 5.00 EUR off orders of 20.00 or more, valid 30 days, giftable once. */
export async function createTemplate(server: ReelServer): Promise<string> {
  const answer = await server.json<{ id: string }>('POST', '/api/v1/coupon-templates', ADMIN_AUTH, {
    name: 'Bench: 5 off',
    kind: 'loyalty',
    discount: { type: 'amount', amount: 5, currency: 'EUR' },
    minOrder: 20,
    validDays: 30,
  })
  if (answer.status !== 201) throw new Error(`template: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body.id
}

/** Issues one coupon of the template to each member, 1,000 members a call. */
export async function issueToAll(
  server: ReelServer,
  templateId: string,
  members: string[],
): Promise<IssuedCoupon[]> {
  const issued: IssuedCoupon[] = []
  await inParallel(chunks(members, ISSUE_BATCH), 2, async (customerIds) => {
    const answer = await server.json<{ coupons: IssuedCoupon[] }>('POST', '/api/v1/coupons', ADMIN_AUTH, {
      templateId,
      customerIds,
    })
    if (answer.status !== 201) throw new Error(`issue: ${answer.status} ${JSON.stringify(answer.body)}`)
    for (const c of answer.body.coupons) issued.push({ id: c.id, code: c.code, ownerId: c.ownerId })
  })
  return issued
}

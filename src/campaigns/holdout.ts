import { createHash } from 'node:crypto'

/**
 * The customer's bucket in [0, 1) for a campaign: a hash of the campaign's salt and the customer id, so
 * the same customer always lands in the same arm of the same campaign, and arms of different campaigns
 * are independent.
 */
export function bucketOf(salt: string, customerId: string): number {
  const digest = createHash('sha256').update(`${salt}\u0000${customerId}`).digest()
  return digest.readUInt32BE(0) / 2 ** 32
}

export type Arm = 'treatment' | 'holdout'

/** The arm for a customer: holdout when their bucket falls below the holdout share. */
export function armOf(salt: string, customerId: string, holdoutShare: number): Arm {
  return bucketOf(salt, customerId) < holdoutShare ? 'holdout' : 'treatment'
}

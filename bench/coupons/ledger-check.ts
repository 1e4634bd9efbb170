/**
 * What the database says after the run, read once the server has stopped (the embedded data folder is
 * then free): redeemed ledger rows, coupons with more than one, and coupons in the `redeemed` state.
 */
import { sql } from 'kysely'
import { openDatabase } from '../../src/db/index.js'
import type { Storage } from '../radar/reel-process.js'

export interface LedgerCounts {
  redeemedRows: number
  /** Coupons with more than one `redeemed` ledger row. */
  doubleRows: number
  redeemedCoupons: number
}

/** Counts the redemptions in the ledger and the coupons table of `storage`. */
export async function countRedemptions(storage: Storage, workDir: string): Promise<LedgerCounts> {
  const database = await openDatabase(
    'REEL_DATABASE_URL' in storage
      ? { databaseUrl: storage.REEL_DATABASE_URL, dataDir: workDir, poolSize: 1 }
      : { dataDir: storage.REEL_DATA_DIR, poolSize: 1 },
  )
  try {
    const result = await sql<LedgerCounts>`
      select
        (select count(*) from coupon_ledger where action = 'redeemed')::int as "redeemedRows",
        (select count(*) from (
          select coupon_id from coupon_ledger where action = 'redeemed' group by coupon_id having count(*) > 1
        ) d)::int as "doubleRows",
        (select count(*) from coupons where state = 'redeemed')::int as "redeemedCoupons"`.execute(
      database.db,
    )
    const counts = result.rows[0]
    if (!counts) throw new Error('no counts')
    return counts
  } finally {
    await database.close()
  }
}

import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { PARTS } from './migrations.js'

/**
 * Partition leases: each live worker holds an even share of the partitions, renews it while it runs, and
 * gives up what exceeds its share when another worker appears. A worker that dies stops renewing; once its
 * heartbeat and leases run out, the others take its partitions over. A lease only decides who tries:
 * exactly-once comes from the checkpoint rows, which a batch locks and moves in its own transaction.
 */
export async function renewLeases(db: AnyDb, owner: string, leaseMs: number): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const until = sql`now() + make_interval(secs => ${leaseMs / 1000})`
    await sql`
      insert into projector_workers (owner, seen_until) values (${owner}, ${until})
      on conflict (owner) do update set seen_until = excluded.seen_until`.execute(trx)
    const live = await sql<{ n: string | number }>`
      select count(*) as n from projector_workers where seen_until > now()`.execute(trx)
    const share = Math.ceil(PARTS / Math.max(1, Number(live.rows[0]?.n ?? 1)))
    const mine = await sql<{ part: number }>`
      update projector_leases set lease_until = ${until} where owner = ${owner} returning part`.execute(trx)
    const held = mine.rows.map((r) => r.part).sort((a, b) => a - b)
    if (held.length > share) {
      const released = held.splice(share)
      await sql`
        update projector_leases set owner = null, lease_until = '-infinity'
        where owner = ${owner} and part = any(${released}::smallint[])`.execute(trx)
    } else if (held.length < share) {
      const claimed = await sql<{ part: number }>`
        update projector_leases set owner = ${owner}, lease_until = ${until}
        where part in (
          select part from projector_leases where owner is null or lease_until <= now()
          order by part limit ${share - held.length} for update skip locked)
        returning part`.execute(trx)
      held.push(...claimed.rows.map((r) => r.part))
    }
    return held.sort((a, b) => a - b)
  })
}

/** A stopping worker hands its partitions back at once instead of letting the leases run out. */
export async function releaseLeases(db: AnyDb, owner: string): Promise<void> {
  await sql`update projector_leases set owner = null, lease_until = '-infinity' where owner = ${owner}`.execute(
    db,
  )
  await sql`delete from projector_workers where owner = ${owner}`.execute(db)
}

/** Who holds which partition now (for metrics and tests). */
export async function leaseHolders(db: AnyDb): Promise<Map<number, string | null>> {
  const rows = await sql<{ part: number; owner: string | null }>`
    select part, case when lease_until > now() then owner end as owner from projector_leases order by part`.execute(
    db,
  )
  return new Map(rows.rows.map((r) => [r.part, r.owner]))
}

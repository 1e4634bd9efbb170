/**
 * The calendar of the events table's monthly partitions on PostgreSQL: months in UTC, the partitions
 * made ahead, the retention cut-off. Pure: the SQL that acts on them lives in partitions.ts.
 */

/** Months made ahead of the current one, so a month's first insert never waits for its partition. */
export const MONTHS_AHEAD = 3

/** The first instant (UTC) of the month `at` falls in. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1))
}

/** The first instant of the month `months` after (or, negative, before) the month of `month`. */
export function addMonths(month: Date, months: number): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + months, 1))
}

/** The months a partition should exist for at `now`: the current one and the `ahead` after it. */
export function monthsToPrepare(now: Date, ahead = MONTHS_AHEAD): Date[] {
  const current = monthStart(now)
  return Array.from({ length: ahead + 1 }, (_, i) => addMonths(current, i))
}

/**
 * The partition of a month, named as pg_partman 5 names a monthly child (`events_p20260101`), so a
 * server that gets pg_partman later adopts the partitions Reel made instead of colliding with them.
 */
export function partitionName(month: Date): string {
  const y = month.getUTCFullYear().toString().padStart(4, '0')
  const m = (month.getUTCMonth() + 1).toString().padStart(2, '0')
  return `events_p${y}${m}01`
}

/**
 * Where retention cuts at `now`: months that end at or before this instant are older than
 * `retentionMonths` whole months and may go (with 3, on 2026-12-15 everything before 2026-09-01 may go,
 * so September, October, November and the running December are kept). Null keeps everything.
 */
export function retentionCutoff(now: Date, retentionMonths: number | null): Date | null {
  if (retentionMonths === null) return null
  return addMonths(monthStart(now), -retentionMonths)
}

/** A monthly partition as the catalogue describes it: [from, to). */
export interface MonthPartition {
  name: string
  from: Date
  to: Date
}

/** The partitions wholly before the cut-off, oldest first: the ones retention may drop. */
export function expiredPartitions(
  partitions: readonly MonthPartition[],
  cutoff: Date | null,
): MonthPartition[] {
  if (cutoff === null) return []
  return partitions
    .filter((p) => p.to.getTime() <= cutoff.getTime())
    .sort((a, b) => a.from.getTime() - b.from.getTime())
}

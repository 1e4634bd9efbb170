import { writeFile } from 'node:fs/promises'
import { type Occurrence, RADAR_KINDS, type RadarKind, RULES } from './ground-truth.js'
import type { TruthCollector } from './truth-collector.js'

/** One occurrence in the truth file. */
export interface TruthEntry {
  customerId: string
  key: string
  /** ISO time the rule became true on the resolved history (see README). */
  at: string
}

/** The ground-truth file of a demo run (README: "Truth file"). */
export interface GroundTruth {
  seed: number
  customers: number
  days: number
  /** ISO end of the last day: every occurrence is as of this time. */
  asOf: string
  generatedEvents: number
  /** People who got a userId (signed up) by `asOf`. */
  identifiedCustomers: number
  rules: typeof RULES
  notes: Partial<Record<RadarKind, string>>
  kinds: Record<RadarKind, TruthEntry[]>
  counts: Record<RadarKind, number>
}

export interface GroundTruthHeader {
  seed: number
  customers: number
  days: number
  asOf: number
  generatedEvents: number
  identifiedCustomers: number
}

/** Groups occurrences by kind, sorted by customer then time then key, so the file is stable. */
export function buildGroundTruth(header: GroundTruthHeader, occurrences: readonly Occurrence[]): GroundTruth {
  const kinds = Object.fromEntries(RADAR_KINDS.map((k) => [k, [] as TruthEntry[]])) as Record<
    RadarKind,
    TruthEntry[]
  >
  for (const o of occurrences) kinds[o.kind].push({ customerId: o.customerId, key: o.key, at: o.at })
  const byCustomerThenTime = (a: TruthEntry, b: TruthEntry): number =>
    a.customerId < b.customerId
      ? -1
      : a.customerId > b.customerId
        ? 1
        : a.at < b.at
          ? -1
          : a.at > b.at
            ? 1
            : a.key < b.key
              ? -1
              : a.key > b.key
                ? 1
                : 0
  for (const k of RADAR_KINDS) kinds[k].sort(byCustomerThenTime)
  const counts = Object.fromEntries(RADAR_KINDS.map((k) => [k, kinds[k].length])) as Record<RadarKind, number>
  return {
    ...header,
    asOf: new Date(header.asOf).toISOString(),
    rules: RULES,
    notes: {
      coupon_expiring_unused:
        'always empty: coupons are issued through the coupon API, not events; `reel demo` gives its gift coupons after asOf, valid 60 days, so none is within the 7-day expiry notice at asOf',
    },
    kinds,
    counts,
  }
}

/** Writes the truth as JSON, one occurrence per line so that files diff well. */
export async function writeGroundTruth(path: string, truth: GroundTruth): Promise<void> {
  const { kinds, ...rest } = truth
  const head = JSON.stringify(rest, null, 2).slice(0, -2)
  const kindBlocks = RADAR_KINDS.map((k) => {
    const lines = kinds[k].map((e) => `      ${JSON.stringify(e)}`)
    return lines.length === 0 ? `    "${k}": []` : `    "${k}": [\n${lines.join(',\n')}\n    ]`
  })
  await writeFile(path, `${head},\n  "kinds": {\n${kindBlocks.join(',\n')}\n  }\n}\n`)
}

/** The ground truth of a demo shop from the collector that watched its messages. */
export function truthFromCollector(
  shop: { seed: number; customers: number; days: number },
  asOf: number,
  generatedEvents: number,
  collector: TruthCollector,
): GroundTruth {
  return buildGroundTruth(
    {
      seed: shop.seed,
      customers: shop.customers,
      days: shop.days,
      asOf,
      generatedEvents,
      identifiedCustomers: collector.customerCount(),
    },
    collector.occurrences(),
  )
}

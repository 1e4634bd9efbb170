import { z } from 'zod'

/** Zod fields every platform's schemas share. */

/** A platform id, a number or a string, as a string. */
export const platformId = z
  // Shopify's own test notifications carry ids past 2^53, which JSON.parse has already rounded: taken as read.
  .union([z.string().min(1).max(256), z.number().nonnegative().refine(Number.isInteger)], {
    error: 'expected an id (a string or a whole number)',
  })
  .transform(String)

// Shop events happen between 1900 and 2200 (Reel's own bound on event times).
const EARLIEST = Date.UTC(1900, 0, 1)
const LATEST = Date.UTC(2200, 0, 1)
const inRange = (iso: string) => {
  const at = Date.parse(iso)
  return at >= EARLIEST && at < LATEST
}

/** A time with its offset ("2024-11-10T10:30:00-05:00"), as ISO UTC, so ids of one instant agree. */
export const offsetTime = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 time with an offset' })
  .refine(inRange, 'expected a time between 1900 and 2199')
  .transform((t) => new Date(t).toISOString())

/** A UTC time written without its offset (WooCommerce's `*_gmt` fields: "2017-03-22T16:28:02"), as ISO UTC. */
export const gmtTime = z.iso
  .datetime({ local: true, offset: true, error: 'expected an ISO 8601 time' })
  .transform((t) => (/(Z|[+-]\d\d:?\d\d)$/i.test(t) ? t : `${t}Z`))
  .refine(inRange, 'expected a time between 1900 and 2199')
  .transform((t) => new Date(t).toISOString())

/** Free text a mapping passes on (a name, a reason). */
export const text = z.string().max(2000)

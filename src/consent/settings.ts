/** Daily minutes of a local wall-clock window, such as 21:00-08:00 (start after end: it crosses midnight). */
export interface QuietHours {
  /** Minutes after local midnight when quiet hours begin (21:00 → 1260). */
  startMinute: number
  /** Minutes after local midnight when they end (08:00 → 480). */
  endMinute: number
}

/** How consent, quiet hours and links behave; every field is an environment variable (README). */
export interface ConsentSettings {
  /** Where customers reach Reel's pages (REEL_PUBLIC_URL): preference and unsubscribe links start with it. */
  publicUrl: string
  /**
   * REEL_MARKETING_CONSENT: `opt_in` (marketing needs the customer's yes per channel: Korea, the EU) or
   * `opt_out` (marketing goes until the customer says no, where the shop's law allows it).
   */
  marketingConsent: 'opt_in' | 'opt_out'
  /** REEL_DEFAULT_TIMEZONE: the zone of customers without a `timezone` trait (IANA name). */
  defaultTimeZone: string
  /** REEL_QUIET_HOURS (`21:00-08:00`, or `off`): no marketing in this local window. */
  quietHours: QuietHours | null
  /** REEL_CONSENT_LINK_DAYS: how long a preference or unsubscribe link works. */
  linkDays: number
}

export const DEFAULT_CONSENT_SETTINGS: ConsentSettings = {
  publicUrl: 'http://localhost:8080',
  marketingConsent: 'opt_in',
  defaultTimeZone: 'Asia/Seoul',
  quietHours: { startMinute: 21 * 60, endMinute: 8 * 60 },
  linkDays: 400,
}

/** Reads REEL_QUIET_HOURS: `21:00-08:00` → the window, `off` or `none` → null; throws on anything else. */
export function parseQuietHours(text: string): QuietHours | null {
  const value = text.trim().toLowerCase()
  if (value === 'off' || value === 'none' || value === '') return null
  const match = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(value)
  const minutes = (h: string | undefined, m: string | undefined) => {
    const hours = Number(h)
    const mins = Number(m)
    if (hours > 24 || mins > 59 || (hours === 24 && mins > 0)) throw new Error(`Not a time of day: ${h}:${m}`)
    return (hours * 60 + mins) % 1440
  }
  if (!match) throw new Error(`REEL_QUIET_HOURS must look like 21:00-08:00 or be off, not ${text}`)
  const window = { startMinute: minutes(match[1], match[2]), endMinute: minutes(match[3], match[4]) }
  if (window.startMinute === window.endMinute)
    throw new Error('REEL_QUIET_HOURS starts and ends at the same time')
  return window
}

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { quietUntil } from './quiet-hours.js'
import { DEFAULT_CONSENT_SETTINGS, parseQuietHours } from './settings.js'

const NIGHT = DEFAULT_CONSENT_SETTINGS.quietHours
const until = (iso: string, zone: string, quiet = NIGHT) =>
  quietUntil(new Date(iso), zone, quiet)?.toISOString() ?? null

describe('quiet hours', () => {
  it('a 22:00 message in Seoul waits for 08:00 the next morning', () => {
    assert.equal(until('2026-05-01T13:00:00Z', 'Asia/Seoul'), '2026-05-01T23:00:00.000Z')
  })

  it('after midnight it waits for 08:00 the same day', () => {
    assert.equal(until('2026-05-01T22:30:00Z', 'Asia/Seoul'), '2026-05-01T23:00:00.000Z')
  })

  it('daytime, 08:00 sharp and 20:59 are not quiet; 21:00 sharp is', () => {
    assert.equal(until('2026-05-01T03:00:00Z', 'Asia/Seoul'), null)
    assert.equal(until('2026-05-01T23:00:00Z', 'Asia/Seoul'), null)
    assert.equal(until('2026-05-01T11:59:00Z', 'Asia/Seoul'), null)
    assert.equal(until('2026-05-01T12:00:00Z', 'Asia/Seoul'), '2026-05-01T23:00:00.000Z')
  })

  it('the night clocks spring forward, the morning is 08:00 on summer time', () => {
    // New York, 7 March 2026 23:00 EST; clocks jump at 02:00 → 08:00 EDT is 12:00 UTC, not 13:00.
    assert.equal(until('2026-03-08T04:00:00Z', 'America/New_York'), '2026-03-08T12:00:00.000Z')
  })

  it('the night clocks fall back, the morning is 08:00 on winter time', () => {
    // 31 October 2026 22:00 EDT; clocks go back at 02:00 → 08:00 EST is 13:00 UTC.
    assert.equal(until('2026-11-01T02:00:00Z', 'America/New_York'), '2026-11-01T13:00:00.000Z')
  })

  it('a window inside one day (13:00-14:00) ends the same day', () => {
    const lunch = parseQuietHours('13:00-14:00')
    assert.equal(until('2026-05-01T04:30:00Z', 'Asia/Seoul', lunch), '2026-05-01T05:00:00.000Z')
    assert.equal(until('2026-05-01T05:30:00Z', 'Asia/Seoul', lunch), null)
  })

  it('a window ending in a skipped hour ends when clocks read past it', () => {
    const quiet = parseQuietHours('23:00-02:30')
    // Berlin skips 02:00-03:00 on 29 March 2026: the window ends at 03:30 CEST = 01:30 UTC.
    assert.equal(until('2026-03-28T23:00:00Z', 'Europe/Berlin', quiet), '2026-03-29T01:30:00.000Z')
  })

  it('quiet hours set off never hold', () => {
    assert.equal(until('2026-05-01T13:00:00Z', 'Asia/Seoul', parseQuietHours('off')), null)
  })

  it('REEL_QUIET_HOURS must be a window of two times', () => {
    assert.deepEqual(parseQuietHours('21:00-08:00'), { startMinute: 1260, endMinute: 480 })
    assert.throws(() => parseQuietHours('9pm-8am'))
    assert.throws(() => parseQuietHours('25:00-08:00'))
  })
})

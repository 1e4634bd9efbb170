import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeTimeCursor, encodeTimeCursor } from './time-cursor.js'

test('a cursor gives back its time as written, to the microsecond, and an id with a bar in it', () => {
  for (const at of ['2026-12-02T06:12:56.215Z', '2026-12-02T06:12:56.215318Z'])
    assert.deepEqual(decodeTimeCursor(encodeTimeCursor(at, 'a|b')), { at, id: 'a|b' })
})

test('text that is no cursor of ours is refused, not read as some other position', () => {
  const bad = [
    '',
    'not base64 at all!',
    encodeTimeCursor('2026-12-02', 'x'),
    encodeTimeCursor('2026-13-45T99:00:00.000Z', 'x'),
    encodeTimeCursor('2026-12-02T06:12:56.215Z', ''),
    Buffer.from('2026-12-02T06:12:56.215Z').toString('base64url'),
  ]
  for (const cursor of bad) assert.equal(decodeTimeCursor(cursor), undefined, cursor)
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ClientStream } from './wire-framing.js'

function message(type: string, body = ''): Buffer {
  const payload = Buffer.from(body)
  const header = Buffer.alloc(5)
  header.write(type, 0)
  header.writeInt32BE(4 + payload.length, 1)
  return Buffer.concat([header, payload])
}

function startup(): Buffer {
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0')
  const head = Buffer.alloc(8)
  head.writeInt32BE(8 + params.length, 0)
  head.writeInt32BE(196608, 4)
  return Buffer.concat([head, params])
}

test('an extended-protocol statement reaches the database as one group ending at Sync', () => {
  const stream = new ClientStream()
  assert.deepEqual(
    stream.push(startup()).map((f) => f.kind),
    ['startup'],
  )
  const parts = [
    message('P', 'select 1\0\0\0'),
    message('B', '\0\0\0\0\0\0\0'),
    message('E', '\0\0\0\0\0'),
    message('S'),
  ]
  assert.deepEqual(stream.push(Buffer.concat(parts.slice(0, 3))), [], 'nothing runs before the Sync')
  const frames = stream.push(parts[3]!)
  assert.equal(frames.length, 1)
  assert.deepEqual(Buffer.from((frames[0] as { bytes: Uint8Array }).bytes), Buffer.concat(parts))
})

test('a message split across socket reads is reassembled; a simple query is its own group', () => {
  const stream = new ClientStream()
  stream.push(startup())
  const query = message('Q', 'select 42\0')
  assert.deepEqual(stream.push(query.subarray(0, 3)), [])
  const frames = stream.push(Buffer.concat([query.subarray(3), message('X')]))
  assert.deepEqual(
    frames.map((f) => f.kind),
    ['group', 'terminate'],
  )
})

test('an SSL request is answered before start-up', () => {
  const stream = new ClientStream()
  const ssl = Buffer.alloc(8)
  ssl.writeInt32BE(8, 0)
  ssl.writeInt32BE(80877103, 4)
  assert.deepEqual(
    stream.push(Buffer.concat([ssl, startup()])).map((f) => f.kind),
    ['ssl-request', 'startup'],
  )
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { writeKeyFromBody, writeKeyFromHeader } from './write-key.js'

describe('the write key of a tracking call', () => {
  test('is the Basic user name, whatever the password and the case of the scheme', () => {
    // "wk_abc:" and "wk_abc:secret" in base64, as curl -u and Segment's libraries send them.
    assert.equal(writeKeyFromHeader('Basic d2tfYWJjOg=='), 'wk_abc')
    assert.equal(writeKeyFromHeader('basic   d2tfYWJjOnNlY3JldA=='), 'wk_abc')
    assert.equal(writeKeyFromHeader('Bearer d2tfYWJjOg=='), null)
    assert.equal(writeKeyFromHeader('Basic'), null)
    assert.equal(writeKeyFromHeader('Basic Og=='), null, 'an empty user name is no key')
  })

  test('is the body’s writeKey when it is a string', () => {
    assert.equal(writeKeyFromBody({ writeKey: 'wk_abc', batch: [] }), 'wk_abc')
    assert.equal(writeKeyFromBody({ writeKey: 42 }), null)
    assert.equal(writeKeyFromBody({ batch: [] }), null)
    assert.equal(writeKeyFromBody(null), null)
    assert.equal(writeKeyFromBody('wk_abc'), null)
  })

  test('is never a string PostgreSQL would refuse or a huge one', () => {
    // "a\0b:" in base64: a NUL in the user name.
    assert.equal(writeKeyFromHeader('Basic YQBiOg=='), null)
    assert.equal(writeKeyFromBody({ writeKey: 'a\u0000b' }), null)
    assert.equal(writeKeyFromBody({ writeKey: 'a\ud800b' }), null)
    assert.equal(writeKeyFromBody({ writeKey: 'k'.repeat(257) }), null)
    assert.equal(writeKeyFromBody({ writeKey: '키-상점' }), '키-상점')
  })
})

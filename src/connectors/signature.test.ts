import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { describe, it } from 'node:test'
import { signedBy, signedByAny } from './signature.js'

const body = Buffer.from('{"id":820982911946154508,"email":"jon@example.com"}')
const sign = (secret: string, raw = body) => createHmac('sha256', secret).update(raw).digest('base64')

describe('webhook signatures', () => {
  it('accepts the base64 HMAC-SHA256 of the raw body under the shop secret', () => {
    assert.equal(signedBy(body, 'shpss_secret', sign('shpss_secret')), true)
  })

  it("matches Node's reference digest of a known body (RFC 4231 test case 2)", () => {
    // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?", HMAC-SHA256 in hex.
    const hex = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'
    const given = Buffer.from(hex, 'hex').toString('base64')
    assert.equal(signedBy(Buffer.from('what do ya want for nothing?'), 'Jefe', given), true)
  })

  it('refuses a wrong secret, a changed body, a missing or malformed header', () => {
    assert.equal(signedBy(body, 'other', sign('shpss_secret')), false)
    assert.equal(signedBy(Buffer.from(`${body} `), 'shpss_secret', sign('shpss_secret')), false)
    assert.equal(signedBy(body, 'shpss_secret', undefined), false)
    assert.equal(signedBy(body, 'shpss_secret', ''), false)
    assert.equal(signedBy(body, 'shpss_secret', 'not base64 at all!'), false)
    assert.equal(signedBy(body, 'shpss_secret', sign('shpss_secret').slice(0, 20)), false)
    assert.equal(signedBy(body, '', sign('')), false)
  })

  it('accepts a body signed by any of a shop’s secrets', () => {
    assert.equal(signedByAny(body, ['old', 'new'], sign('new')), true)
    assert.equal(signedByAny(body, ['old', 'new'], sign('neither')), false)
    assert.equal(signedByAny(body, [], sign('new')), false)
  })
})

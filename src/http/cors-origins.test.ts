import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { originMatcher, parseCorsOrigins } from './cors-origins.js'

describe('REEL_CORS_ORIGINS', () => {
  test('a list of origins is normalised as browsers send them, and * stands for any', () => {
    assert.deepEqual(parseCorsOrigins(' https://Shop.Example , http://localhost:3000/ '), [
      'https://shop.example',
      'http://localhost:3000',
    ])
    assert.deepEqual(parseCorsOrigins('https://shop.example,*'), ['*'])
    assert.deepEqual(parseCorsOrigins('https://*.Shop.Example'), ['https://*.shop.example'])
  })

  test('an entry that is not an origin is refused, named', () => {
    for (const bad of [
      'shop.example',
      'https://shop.example/cart',
      'ftp://shop.example',
      'https://shop.example?a=1',
    ])
      assert.throws(
        () => parseCorsOrigins(`https://ok.example,${bad}`),
        new RegExp(bad.replace(/[?.]/g, '\\$&')),
      )
    assert.throws(() => parseCorsOrigins(' , '), /expected \*/)
  })

  test('only the listed origins match; a subdomain pattern matches subdomains, not look-alikes', () => {
    const allowed = originMatcher(['https://shop.example', 'https://*.brand.example'])
    assert.equal(allowed('https://shop.example'), true)
    assert.equal(allowed('http://shop.example'), false, 'another scheme is another origin')
    assert.equal(allowed('https://shop.example:8443'), false)
    assert.equal(allowed('https://evil.example'), false)
    assert.equal(allowed('https://kr.brand.example'), true)
    assert.equal(allowed('https://m.kr.brand.example'), true)
    assert.equal(allowed('https://brand.example'), false, 'the pattern is for subdomains')
    assert.equal(allowed('https://evilbrand.example'), false)
    assert.equal(allowed('https://kr.brand.example.evil.example'), false)
    assert.equal(allowed('https://kr.brandXexample'), false, 'the dots are literal')
    assert.equal(originMatcher(['*'])('https://anything.example'), true)
  })
})

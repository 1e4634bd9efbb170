import assert from 'node:assert/strict'
import { test } from 'node:test'
import { minimumRoleFor, sessionTokenOf } from './admin-auth.js'

test('reads need a viewer (users, write keys and privacy requests an admin); campaign, coupon and template changes a marketer; the rest an admin', () => {
  const cases: Array<[string, string, string]> = [
    ['GET', '/api/v1/write-keys', 'admin'],
    ['GET', '/api/v1/users', 'admin'],
    ['GET', '/api/v1/settings', 'viewer'],
    ['HEAD', '/api/v1/stats', 'viewer'],
    ['POST', '/api/v1/campaigns/:id/start', 'marketer'],
    ['PUT', '/api/v1/campaigns/:id', 'marketer'],
    ['POST', '/api/v1/coupon-templates/:id/archive', 'marketer'],
    ['POST', '/api/v1/coupons', 'marketer'],
    ['POST', '/api/v1/gifts/:id/cancel', 'marketer'],
    ['PUT', '/api/v1/message-templates/:id', 'marketer'],
    ['POST', '/api/v1/customers/:id/wallet-link', 'marketer'],
    ['POST', '/api/v1/write-keys', 'admin'],
    ['POST', '/api/v1/write-keys/:key/revoke', 'admin'],
    ['POST', '/api/v1/channels/:name/test', 'admin'],
    ['GET', '/api/v1/connectors', 'viewer'],
    ['POST', '/api/v1/connectors/:platform/shops', 'admin'],
    ['GET', '/api/v1/privacy-requests/:id', 'admin'],
    // an unlisted change needs an admin, and areas match whole path parts
    ['DELETE', '/api/v1/customers/:id', 'admin'],
    ['POST', '/api/v1/couponsx', 'admin'],
  ]
  for (const [method, url, role] of cases) assert.equal(minimumRoleFor(method, url), role, `${method} ${url}`)
})

test('the session token is read from its cookie among others', () => {
  assert.equal(sessionTokenOf('a=1; reel_session=abc-_; b=2'), 'abc-_')
  assert.equal(sessionTokenOf('reel_session='), null)
  assert.equal(sessionTokenOf('xreel_session=abc'), null)
  assert.equal(sessionTokenOf(undefined), null)
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { minimumRoleFor, sessionTokenOf } from './admin-auth.js'

test('reads need a viewer; campaign, coupon and template changes a marketer; the rest an admin', () => {
  assert.equal(minimumRoleFor('GET', '/api/v1/write-keys'), 'viewer')
  assert.equal(minimumRoleFor('HEAD', '/api/v1/stats'), 'viewer')
  assert.equal(minimumRoleFor('POST', '/api/v1/campaigns/:id/start'), 'marketer')
  assert.equal(minimumRoleFor('PUT', '/api/v1/campaigns/:id'), 'marketer')
  assert.equal(minimumRoleFor('POST', '/api/v1/coupon-templates/:id/archive'), 'marketer')
  assert.equal(minimumRoleFor('POST', '/api/v1/coupons'), 'marketer')
  assert.equal(minimumRoleFor('POST', '/api/v1/gifts/:id/cancel'), 'marketer')
  assert.equal(minimumRoleFor('PUT', '/api/v1/message-templates/:id'), 'marketer')
  assert.equal(minimumRoleFor('POST', '/api/v1/customers/:id/wallet-link'), 'marketer')
  assert.equal(minimumRoleFor('POST', '/api/v1/write-keys'), 'admin')
  assert.equal(minimumRoleFor('POST', '/api/v1/write-keys/:key/revoke'), 'admin')
  assert.equal(minimumRoleFor('POST', '/api/v1/channels/:name/test'), 'admin')
  assert.equal(
    minimumRoleFor('DELETE', '/api/v1/customers/:id'),
    'admin',
    'an unlisted change needs an admin',
  )
  assert.equal(minimumRoleFor('POST', '/api/v1/couponsx'), 'admin', 'areas match whole path parts')
})

test('the session token is read from its cookie among others', () => {
  assert.equal(sessionTokenOf('a=1; reel_session=abc-_; b=2'), 'abc-_')
  assert.equal(sessionTokenOf('reel_session='), null)
  assert.equal(sessionTokenOf('xreel_session=abc'), null)
  assert.equal(sessionTokenOf(undefined), null)
})

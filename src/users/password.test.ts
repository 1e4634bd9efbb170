import assert from 'node:assert/strict'
import { scryptSync } from 'node:crypto'
import { test } from 'node:test'
import { hashPassword, verifyPassword } from './password.js'
import { hasRole } from './roles.js'
import { DEFAULT_SESSION_SETTINGS, sessionEndsAt } from './settings.js'

// Small cost parameters: these tests check the format and the comparison, not the cost.
const CHEAP = { N: 1024, r: 8, p: 1 }

test('a hash verifies its password only, and stores its parameters and a salt of its own', async () => {
  const hash = await hashPassword('correct horse battery', CHEAP)
  assert.match(hash, /^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
  assert.equal(await verifyPassword('correct horse battery', hash), true)
  assert.equal(await verifyPassword('correct horse batterY', hash), false)
  assert.equal(await verifyPassword('', hash), false)
  const again = await hashPassword('correct horse battery', CHEAP)
  assert.notEqual(again, hash, 'a new salt each time')
})

test('the hash is scrypt of the password and the stored salt (checked against node:crypto scryptSync)', async () => {
  const hash = await hashPassword('비밀번호는 열두 글자 이상', CHEAP)
  const [, , , , salt, key] = hash.split('$')
  const expected = scryptSync('비밀번호는 열두 글자 이상', Buffer.from(salt ?? '', 'base64url'), 32, CHEAP)
  assert.equal(key, expected.toString('base64url'))
})

test('the default parameters hash and verify (N = 2^15 needs more than Node’s default memory cap)', async () => {
  const hash = await hashPassword('a long enough password')
  assert.match(hash, /^scrypt\$32768\$8\$1\$/)
  assert.equal(await verifyPassword('a long enough password', hash), true)
})

test('a malformed stored hash never matches', async () => {
  for (const stored of [
    '',
    'plain',
    'scrypt$0$8$1$c2FsdA$a2V5',
    'bcrypt$10$8$1$c2FsdA$a2V5',
    'scrypt$1024$8$1$c2FsdA$short',
  ])
    assert.equal(await verifyPassword('anything at all', stored), false, stored)
})

test('roles: each may do what the ones below it may', () => {
  assert.equal(hasRole('admin', 'marketer'), true)
  assert.equal(hasRole('marketer', 'marketer'), true)
  assert.equal(hasRole('marketer', 'admin'), false)
  assert.equal(hasRole('viewer', 'viewer'), true)
  assert.equal(hasRole('viewer', 'marketer'), false)
})

test('a session ends 12 idle hours after its last use, and 7 days after sign-in at the latest', () => {
  const signIn = new Date('2026-05-01T00:00:00Z')
  assert.equal(
    sessionEndsAt(signIn, signIn, DEFAULT_SESSION_SETTINGS).toISOString(),
    '2026-05-01T12:00:00.000Z',
  )
  const used = new Date('2026-05-07T20:00:00Z')
  assert.equal(
    sessionEndsAt(signIn, used, DEFAULT_SESSION_SETTINGS).toISOString(),
    '2026-05-08T00:00:00.000Z',
  )
})

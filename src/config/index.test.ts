import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from './index.js'

test('a bad value names its variable, and every bad variable is named at once', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /Invalid configuration:\n {2}PORT: /)
  assert.throws(
    () => loadConfig({ REEL_OUTBOX_BATCH: '0', REEL_SMS_URL: 'not a url', REEL_QUIET_HOURS: 'never' }),
    (error: Error) =>
      ['REEL_OUTBOX_BATCH: ', 'REEL_SMS_URL: ', 'REEL_QUIET_HOURS: '].every((name) =>
        error.message.includes(name),
      ),
  )
})

test('a check across two variables names the one to change', () => {
  assert.throws(
    () => loadConfig({ REEL_HTTP_HEADERS_TIMEOUT_MS: '60000', REEL_HTTP_REQUEST_TIMEOUT_MS: '30000' }),
    /REEL_HTTP_HEADERS_TIMEOUT_MS: must not be longer than REEL_HTTP_REQUEST_TIMEOUT_MS/,
  )
})

test('unset variables take the defaults the schema declares', () => {
  const config = loadConfig({})
  assert.equal(config.port, 8080)
  assert.equal(config.host, '127.0.0.1')
  assert.equal(config.databaseUrl, undefined)
  assert.equal(config.coupons.publicUrl, 'http://127.0.0.1:8080')
  assert.equal(config.publicUrlConfigured, false)
  assert.equal(config.campaigns.messageCost.log, 0)
  assert.equal(config.channels.sms, null)
})

test('variables land in the sections their modules read', () => {
  const config = loadConfig({
    PORT: '9000',
    REEL_PUBLIC_URL: 'https://reel.example/',
    REEL_SMS_URL: 'https://sms.example/send',
    REEL_SMS_TOKEN: 'secret',
    REEL_SEQUENTIAL: 'on',
  })
  assert.equal(config.port, 9000)
  assert.equal(config.consent.publicUrl, 'https://reel.example')
  assert.equal(config.publicUrlConfigured, true)
  assert.deepEqual(config.channels.sms, {
    url: 'https://sms.example/send',
    format: 'json',
    token: 'secret',
    from: null,
  })
  assert.equal(config.campaigns.sequential.enabled, true)
})

test('the event log is kept forever unless REEL_EVENT_RETENTION_MONTHS names whole months', () => {
  assert.equal(loadConfig({}).eventRetentionMonths, null)
  assert.equal(loadConfig({ REEL_EVENT_RETENTION_MONTHS: '24' }).eventRetentionMonths, 24)
  for (const bad of ['0', '1.5', 'forever'])
    assert.throws(() => loadConfig({ REEL_EVENT_RETENTION_MONTHS: bad }), /REEL_EVENT_RETENTION_MONTHS: /)
})

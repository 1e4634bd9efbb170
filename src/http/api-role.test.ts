import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { basicAuth, bearer, engines } from '../test-support/engines.js'
import { READ_AFTER_WAIT_MS } from './read-after.js'
import { buildHttp } from './server.js'

// `reel serve --role api` shares one PostgreSQL with worker processes (the embedded engine has one process,
// `--role all`): here no worker runs, as when every worker has died.
const postgres = engines.find((e) => e.name === 'postgres')
if (!postgres) throw new Error('no postgres test engine')

describe('an api process whose workers are all gone', { skip: postgres.skip }, () => {
  let reel: Reel
  let app: FastifyInstance
  before(async () => {
    // Not ready while any event waits for a projector, so the probe does not have to wait for the age limit.
    reel = await postgres.start({ role: 'api', env: { REEL_READY_MAX_LAG_EVENTS: '0' } })
    app = await buildHttp(reel, { logger: false })
  })
  after(async () => {
    await app?.close()
    await reel?.close()
  })

  test('a read after an ingest answers 503 REEL_ERR_NOT_YET_PROJECTED within its wait, and /ready says the projectors lag', async () => {
    const ingest = await app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { authorization: basicAuth() },
      payload: { userId: 'orphan-1', traits: { email: 'orphan@shop.kr' } },
    })
    assert.equal(ingest.statusCode, 200, ingest.body)
    const { accepted, position } = ingest.json() as { accepted: number; position: string }
    assert.equal(accepted, 1)

    const started = performance.now()
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/customers/orphan-1?after=${position}`,
      headers: { authorization: bearer() },
    })
    const waitedMs = performance.now() - started
    assert.equal(read.statusCode, 503, read.body)
    assert.equal(read.json().error.code, 'REEL_ERR_NOT_YET_PROJECTED')
    assert.equal(read.headers['retry-after'], '1')
    // It waits for the projectors as long as it promises, and no longer (a slow CI machine gets a margin).
    assert.ok(waitedMs >= READ_AFTER_WAIT_MS - 50, `answered after ${waitedMs} ms`)
    assert.ok(waitedMs < READ_AFTER_WAIT_MS + 2000, `answered after ${waitedMs} ms`)

    const ready = await app.inject({ method: 'GET', url: '/ready' })
    assert.equal(ready.statusCode, 503, ready.body)
    const body = ready.json() as { ready: boolean; reason: string }
    assert.equal(body.ready, false)
    assert.match(body.reason, /projector is 1 events behind the log/)

    // Nothing in this process projected it: the event is in the log, the customer is not in the profiles.
    const log = await app.inject({
      method: 'GET',
      url: '/api/v1/events?customer=orphan-1',
      headers: { authorization: bearer() },
    })
    assert.equal(log.json().events.length, 1)
    const profile = await app.inject({
      method: 'GET',
      url: '/api/v1/customers/orphan-1',
      headers: { authorization: bearer() },
    })
    assert.equal(profile.statusCode, 404, profile.body)
  })
})

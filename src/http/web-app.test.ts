import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { errorBody } from './errors.js'
import { webApp } from './web-app.js'

const INDEX = '<!doctype html><title>Reel</title><div id="root"></div>'

/** The plugin beside stand-ins for routes it must never answer for, as in buildHttp. */
async function appWith(root: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  app.setNotFoundHandler((_req, reply) =>
    reply.code(404).send(errorBody('REEL_ERR_NOT_FOUND', 'No such route')),
  )
  app.get('/api/v1/stats', async () => ({ events: 0 }))
  app.get('/w/:token', async (_req, reply) => reply.type('text/html').send('<p>wallet</p>'))
  await app.register(webApp, { root })
  return app
}

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }

describe('the dashboard at /', () => {
  let dir: string
  let app: FastifyInstance
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reel-web-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), INDEX)
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)')
    app = await appWith(dir)
  })
  after(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers / and a page path the app routes with index.html, never cached', async () => {
    for (const url of ['/', '/radar', '/radar?kind=dormant']) {
      const res = await app.inject({ url, headers: html })
      assert.equal(res.statusCode, 200, url)
      assert.equal(res.body, INDEX)
      assert.match(String(res.headers['content-type']), /^text\/html/)
      assert.equal(res.headers['cache-control'], 'no-cache')
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/)
    }
  })

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await app.inject({ url: '/assets/index-AbC123.js' })
    assert.equal(res.statusCode, 200)
    assert.equal(res.body, 'console.log(1)')
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.match(String(res.headers['content-type']), /javascript/)
  })

  it('leaves the APIs and the customer pages alone, even for a browser asking for HTML', async () => {
    assert.deepEqual((await app.inject({ url: '/api/v1/stats', headers: html })).json(), { events: 0 })
    assert.equal((await app.inject({ url: '/w/tok', headers: html })).body, '<p>wallet</p>')
    for (const url of [
      '/api/v1/nope',
      '/v1/nope',
      '/w',
      '/g/x/y/z',
      '/p/x/y',
      '/health/x',
      '/assets/gone.js',
    ]) {
      const res = await app.inject({ url, headers: html })
      assert.equal(res.statusCode, 404, url)
      assert.equal(res.json().error.code, 'REEL_ERR_NOT_FOUND', url)
    }
  })

  it('answers a request that does not ask for HTML with the JSON 404', async () => {
    const res = await app.inject({ url: '/radar', headers: { accept: 'application/json' } })
    assert.equal(res.statusCode, 404)
    assert.equal(res.json().error.code, 'REEL_ERR_NOT_FOUND')
    assert.equal((await app.inject({ method: 'POST', url: '/', headers: html })).statusCode, 404)
  })
})

describe('the dashboard before a build', () => {
  it('answers / with a 503 page that says to run npm run build, and the APIs as usual', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reel-web-none-'))
    const app = await appWith(dir)
    try {
      const res = await app.inject({ url: '/', headers: html })
      assert.equal(res.statusCode, 503)
      assert.match(res.body, /npm run build/)
      assert.equal((await app.inject({ url: '/api/v1/stats' })).statusCode, 200)
      assert.equal((await app.inject({ url: '/api/v1/nope', headers: html })).statusCode, 404)
    } finally {
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

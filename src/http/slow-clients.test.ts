/**
 * The write key is public once it is in a shop's pages. Clients that open connections and then stall, in
 * the headers or in the body, must neither keep real batches out nor keep their sockets for ever.
 */
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { connect, type Socket } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { basicAuth, engines } from '../test-support/engines.js'
import { buildHttp } from './server.js'

/** More than the default REEL_MAX_INFLIGHT_BATCHES (64), which such clients used to fill. */
const STALLED_IN_BODY = 80
const STALLED_IN_HEADERS = 20

interface Stalled {
  socket: Socket
  /** What the server wrote before it closed the socket. */
  answer: Promise<string>
}

function stall(port: number, request: string): Promise<Stalled> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(request)
      resolve({ socket, answer })
    })
    let received = ''
    socket.on('data', (chunk) => {
      received += chunk.toString()
    })
    const answer = new Promise<string>((done) => socket.once('close', () => done(received)))
    socket.once('error', reject)
  })
}

for (const engine of engines) {
  describe(`slow clients on ${engine.name}`, { skip: engine.skip }, () => {
    let reel: Reel
    let app: FastifyInstance
    let port: number
    before(async () => {
      reel = await engine.start({
        env: {
          REEL_HTTP_HEADERS_TIMEOUT_MS: '1000',
          REEL_HTTP_REQUEST_TIMEOUT_MS: '2000',
          REEL_HTTP_IDLE_TIMEOUT_MS: '60000',
        },
      })
      app = await buildHttp(reel, { logger: false })
      await app.listen({ port: 0, host: '127.0.0.1' })
      port = (app.server.address() as AddressInfo).port
    })
    after(async () => {
      await app?.close()
      await reel?.close()
    })

    test('clients stalled in their headers or body hold no batch slot and are cut off by the timeouts', async () => {
      const body = '{"batch":['
      const inBody = await Promise.all(
        Array.from({ length: STALLED_IN_BODY }, () =>
          stall(
            port,
            `POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuth()}\r\n` +
              `Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n${body}`,
          ),
        ),
      )
      const inHeaders = await Promise.all(
        Array.from({ length: STALLED_IN_HEADERS }, () =>
          stall(port, `POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuth()}\r\n`),
        ),
      )

      const real = await fetch(`http://127.0.0.1:${port}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({
          batch: [{ type: 'track', messageId: 'real-1', anonymousId: 'v-1', event: 'Product Viewed' }],
        }),
      })
      assert.equal(real.status, 200, await real.clone().text())
      assert.equal(((await real.json()) as { accepted: number }).accepted, 1)

      // The server closes every stalled socket itself, telling each that its request timed out.
      const answers = await Promise.all([...inBody, ...inHeaders].map((s) => s.answer))
      for (const answer of answers) assert.match(answer, /^HTTP\/1\.1 408 /)
      for (const { socket } of [...inBody, ...inHeaders]) assert.equal(socket.destroyed, true)

      const again = await fetch(`http://127.0.0.1:${port}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({
          batch: [{ type: 'track', messageId: 'real-2', anonymousId: 'v-1', event: 'Product Viewed' }],
        }),
      })
      assert.equal(again.status, 200)
    })
  })
}

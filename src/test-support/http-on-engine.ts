import { after, before } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import type { ProjectorWorker } from '../events/index.js'
import { buildHttp } from '../http/server.js'
import type { EngineStartOptions, TestEngine } from './engines.js'

/** A Reel and its HTTP app, ready once the enclosing suite's `before` hooks have run. */
export interface ServedShop {
  readonly reel: Reel
  readonly app: FastifyInstance
}

/**
 * Starts a Reel on a fresh database of `engine` with its HTTP app (injected into, not listening) before the
 * enclosing suite's tests, and closes both after them. Call it inside a `describe`.
 */
export function httpOnEngine(engine: TestEngine, options?: EngineStartOptions): ServedShop {
  let reel: Reel | undefined
  let app: FastifyInstance | undefined
  let projection: ProjectorWorker | undefined
  before(async () => {
    reel = await engine.start(options)
    app = await buildHttp(reel, { logger: false })
    // As `reel serve` does: the tracking API answers once events are in the log, and this projects them.
    projection = reel.projector.startWorker({
      onError: (error) => console.error('projection failed in the test shop', error),
    })
  })
  after(async () => {
    await app?.close()
    await projection?.stop()
    await reel?.close()
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the shop is used before its suite started it')
    return value
  }
  return {
    get reel() {
      return ready(reel)
    },
    get app() {
      return ready(app)
    },
  }
}

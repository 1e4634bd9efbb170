/** HTTP to a `reel serve` child on 127.0.0.1: a free port for it, requests with their whole answer, stopping it. */
import type { ChildProcess } from 'node:child_process'
import { type Agent, request } from 'node:http'
import { createServer } from 'node:net'

/** A port free on 127.0.0.1 right now (the OS's pick). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      )
    })
  })
}

export interface Answer {
  status: number
  retryAfter: string | undefined
  body: string
}

/** One request to 127.0.0.1:`port` through `agent`; resolves with the status, Retry-After and body. */
export function send(
  agent: Agent,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string | number>,
  body?: Buffer,
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          retryAfter: res.headers['retry-after'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end(body)
  })
}

/**
 * Asks GET /health every 200 ms until it answers 200; `checkAlive` runs before each try and throws when
 * the server has exited. Throws after `timeoutSeconds`.
 */
export async function waitForHealth(
  agent: Agent,
  port: number,
  timeoutSeconds: number,
  checkAlive: () => void | Promise<void>,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000
  while (Date.now() < deadline) {
    await checkAlive()
    try {
      if ((await send(agent, port, 'GET', '/health', {})).status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`reel serve did not answer /health within ${timeoutSeconds} s`)
}

/** Stops a server process: SIGTERM, then SIGKILL if it has not exited within a minute. */
export async function stopServer(child: ChildProcess): Promise<void> {
  // A process killed by a signal has no exit code, only its signal.
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  await exited
  clearTimeout(timer)
}

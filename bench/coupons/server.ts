/**
 * `reel serve` in a child process for the coupons bench: the sources through tsx with the Node flags of
 * the shipped launcher (as the ingest bench runs it; no build step), its log written to a file as an
 * operator's would go to a file or the journal, and JSON requests to it over keep-alive connections.
 */
import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { Agent } from 'node:http'
import { launcherNodeFlags, REPO, type Storage } from '../radar/reel-process.js'
import { freePort, send, stopServer, waitForHealth } from '../support/http.js'

export const WRITE_KEY = 'bench-coupons-write-key'
export const ADMIN_TOKEN = 'bench-coupons-admin-token-0123456789'
export const ADMIN_AUTH = `Bearer ${ADMIN_TOKEN}`
export const WRITE_AUTH = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`

export interface ServerOptions {
  storage: Storage
  /** REEL_LOG_LEVEL: `info` (Reel's default) logs every request. */
  logLevel: string
  /** REEL_DB_POOL_SIZE, or Reel's default when undefined. */
  poolSize: number | undefined
  /** The server's log file. */
  logFile: string
  /** Write a V8 CPU profile of the server into this folder when it stops. */
  cpuProfDir: string | undefined
}

export interface ReelServer {
  port: number
  pid: number
  agent: Agent
  /** POST or GET with a JSON body; the answer's status and parsed body. */
  json<T = unknown>(
    method: 'GET' | 'POST',
    path: string,
    auth: string,
    body?: unknown,
  ): Promise<JsonAnswer<T>>
  stop(): Promise<void>
}

export interface JsonAnswer<T> {
  status: number
  body: T
}

function serverEnv(port: number, options: ServerOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('REEL_') && k !== 'PORT') env[k] = v
  return {
    ...env,
    ...options.storage,
    PORT: String(port),
    HOST: '127.0.0.1',
    REEL_WRITE_KEY: WRITE_KEY,
    REEL_ADMIN_TOKEN: ADMIN_TOKEN,
    REEL_LOG_LEVEL: options.logLevel,
    ...(options.poolSize ? { REEL_DB_POOL_SIZE: String(options.poolSize) } : {}),
  }
}

/** Starts `reel serve` on a free loopback port and waits until it answers /health. */
export async function startServer(options: ServerOptions, sockets: number): Promise<ReelServer> {
  const port = await freePort()
  const log = openSync(options.logFile, 'a')
  const profile = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : []
  const child = spawn(
    process.execPath,
    [...launcherNodeFlags(), ...profile, '--import', 'tsx', 'src/cli/main.ts', 'serve'],
    { cwd: REPO, env: serverEnv(port, options), stdio: ['ignore', log, 'inherit'] },
  )
  closeSync(log)
  const agent = new Agent({ keepAlive: true, maxSockets: sockets })
  try {
    await waitForHealth(agent, port, 180, () => {
      if (child.exitCode !== null) throw new Error(`reel serve exited with ${child.exitCode} during start-up`)
    })
  } catch (error) {
    agent.destroy()
    await stopServer(child)
    throw error
  }
  return {
    port,
    pid: child.pid ?? 0,
    agent,
    async json<T>(method: 'GET' | 'POST', path: string, auth: string, body?: unknown) {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
      const headers: Record<string, string | number> = { authorization: auth }
      if (payload)
        Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length })
      const answer = await send(agent, port, method, path, headers, payload)
      return { status: answer.status, body: JSON.parse(answer.body) as T }
    },
    async stop() {
      agent.destroy()
      await stopServer(child)
    },
  }
}

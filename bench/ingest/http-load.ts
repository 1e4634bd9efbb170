/**
 * The measured side of the ingest bench: the real `reel serve` in a child process, fed `/v1/batch`
 * requests by concurrent keep-alive clients; every batch must be answered 200 (committed).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { Agent } from 'node:http'
import { fileURLToPath } from 'node:url'
import { comparePositions, formatPosition, type LogPosition, parsePosition } from '../../src/events/index.js'
import { freePort, send, stopServer, waitForHealth } from '../support/http.js'
import { cpuSecondsOf, machineCpu, peakRssOf, sampleRss } from '../support/proc.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const WRITE_KEY = 'bench-write-key'
const ADMIN_TOKEN = 'bench-admin-token-0123456789'
const MAX_ATTEMPTS = 10

export interface HttpLoadOptions {
  /** REEL_DATA_DIR or REEL_DATABASE_URL for the server. */
  storage: { REEL_DATA_DIR: string } | { REEL_DATABASE_URL: string }
  bodies: Buffer[]
  sizes: number[]
  clients: number
}

export interface HttpLoadResult {
  events: number
  wallMs: number
  eventsPerSec: number
  /** Answers other than 200, by status (each was retried). */
  non200: Record<string, number>
  accepted: number
  duplicates: number
  /** Rows the server reports afterwards (`/api/v1/stats`). */
  storedEvents: number
  quarantined: number
  serverPeakRss: number
  /** CPU seconds the server process used while posting, and the whole machine's busy share. */
  serverCpuSec: number
  machineBusy: number
  batchMs: { p50: number; p99: number }
  /** Events/s over each tenth of the batches, to show whether growing tables slow ingestion. */
  byTenth: number[]
  /** From the last acknowledgement until every acknowledged event was projected. */
  projectedAfterMs: number
}

/** `reel serve --role ROLE` in a child process on 127.0.0.1:`port`, with the bench's keys. */
export function startServer(
  port: number,
  storage: HttpLoadOptions['storage'],
  role: 'all' | 'api' | 'worker' = 'all',
): ChildProcess {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('REEL_') && k !== 'PORT') env[k] = v
  Object.assign(env, storage, {
    PORT: String(port),
    HOST: '127.0.0.1',
    REEL_WRITE_KEY: WRITE_KEY,
    REEL_ADMIN_TOKEN: ADMIN_TOKEN,
    REEL_LOG_LEVEL: 'warn',
  })
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--role', role], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
}

/** Milliseconds until the admin API answers `?after=` the last position with 200 (it waits up to 5 s a call). */
export async function waitProjected(
  agent: Agent,
  port: number,
  position: LogPosition | null,
): Promise<number> {
  const started = performance.now()
  if (!position) return 0
  const url = `/api/v1/stats?after=${formatPosition(position)}`
  for (;;) {
    const answer = await send(agent, port, 'GET', url, { authorization: `Bearer ${ADMIN_TOKEN}` })
    if (answer.status === 200) return performance.now() - started
    if (answer.status !== 503) throw new Error(`GET ${url}: ${answer.status} ${answer.body.slice(0, 300)}`)
  }
}

/** What posting the bodies gave: every one answered 200 in the end (others were retried). */
export interface Posted {
  /** Each body's last round trip, and when it was acknowledged (performance.now()). */
  batchMs: number[]
  doneAt: number[]
  non200: Record<string, number>
  accepted: number
  duplicates: number
  /** The furthest log position the answers named. */
  lastPosition: LogPosition | null
}

/**
 * Posts every body to `/v1/batch` with `clients` concurrent keep-alive clients, client i to `ports[i %
 * ports.length]`; a 429 waits its Retry-After, other non-200s are retried. `onAcknowledged` is told each
 * body's index once it is answered 200.
 */
export async function postBodies(options: {
  agent: Agent
  ports: number[]
  bodies: Buffer[]
  clients: number
  onAcknowledged?: (index: number) => void
}): Promise<Posted> {
  const { agent, ports, bodies, clients } = options
  const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`
  const non200: Record<string, number> = {}
  const batchMs: number[] = new Array(bodies.length).fill(0)
  const doneAt: number[] = new Array(bodies.length).fill(0)
  let accepted = 0
  let duplicates = 0
  let next = 0
  let lastPosition: LogPosition | null = null

  const postOne = async (port: number, index: number) => {
    const body = bodies[index] as Buffer
    const headers = {
      'content-type': 'application/json',
      'content-length': body.length,
      authorization: auth,
    }
    for (let attempt = 1; ; attempt++) {
      const t = performance.now()
      const answer = await send(agent, port, 'POST', '/v1/batch', headers, body)
      batchMs[index] = performance.now() - t
      if (answer.status === 200) {
        const result = JSON.parse(answer.body) as {
          accepted: number
          duplicates: number
          position: string | null
        }
        accepted += result.accepted
        duplicates += result.duplicates
        const position = result.position ? parsePosition(result.position) : null
        if (position && (!lastPosition || comparePositions(position, lastPosition) > 0))
          lastPosition = position
        return
      }
      non200[answer.status] = (non200[answer.status] ?? 0) + 1
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(
          `batch ${index}: ${answer.status} ${answer.body.slice(0, 300)} after ${attempt} attempts`,
        )
      const wait = answer.status === 429 ? Number(answer.retryAfter ?? 1) * 1000 : 100 * attempt
      await new Promise((r) => setTimeout(r, wait))
    }
  }
  const client = async (c: number) => {
    const port = ports[c % ports.length] as number
    for (let index = next++; index < bodies.length; index = next++) {
      await postOne(port, index)
      doneAt[index] = performance.now()
      options.onAcknowledged?.(index)
    }
  }
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)))
  return { batchMs, doneAt, non200, accepted, duplicates, lastPosition }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

/** Starts the server on fresh storage, posts every body with `clients` concurrent clients, checks the count. */
export async function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const { bodies, sizes, clients } = options
  const port = await freePort()
  const agent = new Agent({ keepAlive: true, maxSockets: clients + 1 })
  const child = startServer(port, options.storage)
  const pid = child.pid ?? 0
  try {
    await waitForHealth(agent, port, 180, () => {
      if (child.exitCode !== null) throw new Error(`reel serve exited with ${child.exitCode} during start-up`)
    })
    const rss = sampleRss(pid)
    const cpuBefore = cpuSecondsOf(pid)
    const machineBefore = machineCpu()
    const started = performance.now()
    const posted = await postBodies({ agent, ports: [port], bodies, clients })
    const { batchMs, doneAt, non200, accepted, duplicates, lastPosition } = posted
    const wallMs = performance.now() - started
    const machineAfter = machineCpu()
    const serverCpuSec = cpuSecondsOf(pid) - cpuBefore
    // The acknowledgements wait for the log only: how long the projectors take to finish behind them.
    const projectedAfterMs = await waitProjected(agent, port, lastPosition)
    const sampledPeak = rss.stop()

    const events = sizes.reduce((a, b) => a + b, 0)
    const byTenth: number[] = []
    let from = started
    let sent = 0
    for (let tenth = 1; tenth <= 10; tenth++) {
      const end = Math.ceil((bodies.length * tenth) / 10)
      let at = from
      let n = 0
      for (; sent < end; sent++) {
        at = Math.max(at, doneAt[sent] ?? 0)
        n += sizes[sent] ?? 0
      }
      byTenth.push(n / ((at - from) / 1000))
      from = at
    }
    const stats = await send(agent, port, 'GET', '/api/v1/stats', { authorization: `Bearer ${ADMIN_TOKEN}` })
    const counts = JSON.parse(stats.body) as { events: number; quarantined: number }
    const sorted = [...batchMs].sort((a, b) => a - b)
    return {
      events,
      wallMs,
      eventsPerSec: events / (wallMs / 1000),
      non200,
      accepted,
      duplicates,
      storedEvents: counts.events,
      quarantined: counts.quarantined,
      serverPeakRss: Math.max(sampledPeak, peakRssOf(pid) ?? 0),
      serverCpuSec,
      machineBusy: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
      batchMs: { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) },
      byTenth,
      projectedAfterMs,
    }
  } finally {
    agent.destroy()
    await stopServer(child)
  }
}

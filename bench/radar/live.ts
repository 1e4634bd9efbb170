/**
 * Live detection latency: `reel serve` (a child process, wall clock, timer worker ticking every
 * REEL_RADAR_TICK_MS) on the loaded and recomputed database, fed about `rate` events/s through `/v1/batch`
 * (one batch every `tickMs`, timestamped now, for existing demo members), with probes whose signal the
 * bench waits for by polling `GET /api/v1/signals?customer=ID&kind=KIND` every `pollMs`:
 *
 * - `negative_review`: a `Product Reviewed` with rating 1 and a fresh review_id; the signal is raised by
 *   the radar's projector behind the log, so this measures acknowledgement → projected;
 * - `cart_abandoned`: a `Product Added` with a fresh cart_id timestamped 61 minutes ago; its timer is
 *   already due, so the timer worker raises the signal on its next tick.
 *
 * Each probe goes in the ordinary batch of its tick, to a member of its own (probe members get no other
 * traffic, so no ordinary event of theirs fires the timer first). Per probe: send → 200, send → visible,
 * 200 → visible.
 */
import { Agent } from 'node:http'
import { createRandom } from '../../src/demo/index.js'
import { freePort, send, waitForHealth } from '../support/http.js'
import { machineCpu, sampleRss } from '../support/proc.js'
import { ADMIN_TOKEN, type ReelChild, reelEnv, type Storage, spawnReel, WRITE_KEY } from './reel-process.js'

export type ProbeKind = 'negative_review' | 'cart_abandoned'
const PROBE_KINDS: ProbeKind[] = ['negative_review', 'cart_abandoned']

export interface LiveOptions {
  storage: Storage
  /** Existing demo members (userIds): probe members are taken from them, the rest get ordinary traffic. */
  members: readonly string[]
  /** Measured seconds, after `warmupSeconds` of the same traffic without probes. */
  seconds: number
  warmupSeconds: number
  /** Target events/s (ordinary traffic plus probes). */
  rate: number
  /** One batch every tickMs. */
  tickMs: number
  /** A probe of each kind every probeEveryMs (the two kinds half a period apart). */
  probeEveryMs: number
  pollMs: number
  /** REEL_RADAR_TICK_MS of the server. */
  radarTickMs: number
  /** A probe not visible this long after its 200 counts as missed. */
  probeTimeoutMs: number
  /** Batches in flight at most; a tick finding this many waits (the achieved rate shows it). */
  maxInflight: number
  seed: number
}

export interface Quantiles {
  n: number
  p50: number
  p99: number
  max: number
}

export interface ProbeStats {
  kind: ProbeKind
  sent: number
  acknowledged: number
  visible: number
  missed: number
  sendToAckMs: Quantiles
  sendToVisibleMs: Quantiles
  ackToVisibleMs: Quantiles
  pollsPerProbe: number
}

export interface LiveResult {
  startupMs: number
  /** The measured window (after the warm-up). */
  windowMs: number
  events: number
  eventsPerSec: number
  targetRate: number
  batches: number
  non200: Record<string, number>
  batchMs: Quantiles
  /** The five slowest batches: when they were sent (seconds after the server answered /health) and their ms. */
  slowestBatches: { sentAtS: number; ms: number }[]
  probes: ProbeStats[]
  signalPolls: number
  serverPeakRss: number
  serverCpuSec: number
  machineBusy: number
}

const quantiles = (values: number[]): Quantiles => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)))

async function stopServer(reel: ReelChild): Promise<void> {
  if (reel.child.exitCode !== null) return
  reel.child.kill('SIGTERM')
  const timer = setTimeout(() => reel.child.kill('SIGKILL'), 60_000)
  await reel.exited
  clearTimeout(timer)
}

const CONTEXT = { locale: 'ko-KR', timezone: 'Asia/Seoul' }
const product = (n: number) => {
  const id = `p${String(1 + (n % 320)).padStart(4, '0')}`
  return { product_id: id, price: 39000, url: `https://shop.example.kr/products/${id}` }
}

interface Probe {
  kind: ProbeKind
  customerId: string
  key: string
  sentAt: number
  ackAt?: number
  visibleAt?: number
  polls: number
}

/** Starts the server, streams, measures, stops it. */
export async function runLive(options: LiveOptions): Promise<LiveResult> {
  const random = createRandom(options.seed)
  const members = [...options.members]
  for (let i = members.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[members[i], members[j]] = [members[j] as string, members[i] as string]
  }
  const probesPerKind = Math.ceil((options.seconds * 1000) / options.probeEveryMs) + 1
  if (members.length < 2 * probesPerKind + 100)
    throw new Error(`${members.length} members are too few for ${probesPerKind} probes of each kind`)
  const probeMembers: Record<ProbeKind, string[]> = {
    negative_review: members.slice(0, probesPerKind),
    cart_abandoned: members.slice(probesPerKind, 2 * probesPerKind),
  }
  const ordinary = members.slice(2 * probesPerKind)
  const runId = Date.now().toString(36)

  const port = await freePort()
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxInflight + 64 })
  const started = performance.now()
  const reel = spawnReel(
    ['serve'],
    reelEnv(options.storage, {
      PORT: String(port),
      HOST: '127.0.0.1',
      REEL_LOG_LEVEL: 'warn',
      REEL_RADAR_TICK_MS: String(options.radarTickMs),
    }),
    { inheritOutput: true },
  )
  try {
    await waitForHealth(agent, port, 600, async () => {
      if (reel.child.exitCode === null) return
      const { stderr } = await reel.exited
      throw new Error(
        `reel serve exited with ${reel.child.exitCode} during start-up:\n${stderr.slice(-2000)}`,
      )
    })
    const startupMs = performance.now() - started
    const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`
    const bearer = `Bearer ${ADMIN_TOKEN}`

    let messageNo = 0
    const ordinaryEvent = (at: string): Record<string, unknown> => {
      const n = messageNo++
      const userId = ordinary[random.int(0, ordinary.length - 1)] as string
      const base = { userId, timestamp: at, context: CONTEXT, messageId: `live-${runId}-${n}` }
      const roll = random.next()
      if (roll < 0.35)
        return { ...base, type: 'page', name: 'Home', properties: { url: 'https://shop.example.kr/' } }
      if (roll < 0.85) return { ...base, type: 'track', event: 'Product Viewed', properties: product(n) }
      return {
        ...base,
        type: 'track',
        event: 'Product Added',
        properties: { ...product(n), cart_id: `live-cart-${runId}-${userId}`, quantity: 1 },
      }
    }
    const probeEvent = (kind: ProbeKind, index: number, now: number): { event: object; probe: Probe } => {
      const customerId = probeMembers[kind][index] as string
      const n = messageNo++
      const base = { type: 'track', userId: customerId, context: CONTEXT, messageId: `live-${runId}-${n}` }
      if (kind === 'negative_review') {
        const key = `live-review-${runId}-${index}`
        return {
          event: {
            ...base,
            event: 'Product Reviewed',
            timestamp: new Date(now).toISOString(),
            properties: { ...product(n), review_id: key, rating: 1, review_body: '실망이에요' },
          },
          probe: { kind, customerId, key, sentAt: 0, polls: 0 },
        }
      }
      const key = `live-cart-probe-${runId}-${index}`
      return {
        event: {
          ...base,
          event: 'Product Added',
          timestamp: new Date(now - 61 * 60_000).toISOString(),
          properties: { ...product(n), cart_id: key, quantity: 1 },
        },
        probe: { kind, customerId, key, sentAt: 0, polls: 0 },
      }
    }

    const probes: Probe[] = []
    const non200: Record<string, number> = {}
    const batchMs: number[] = []
    const batchLog: { sentAtS: number; ms: number }[] = []
    const upAt = performance.now()
    const pending: Promise<void>[] = []
    let signalPolls = 0
    let inflight = 0
    let windowEvents = 0
    let windowBatches = 0
    let lastWindowAck = 0

    const poll = async (probe: Probe): Promise<void> => {
      const path = `/api/v1/signals?customer=${encodeURIComponent(probe.customerId)}&kind=${probe.kind}`
      const giveUp = (probe.ackAt ?? 0) + options.probeTimeoutMs
      while (performance.now() < giveUp) {
        const asked = performance.now()
        const answer = await send(agent, port, 'GET', path, { authorization: bearer })
        signalPolls++
        probe.polls++
        if (answer.status === 200) {
          const page = JSON.parse(answer.body) as { signals: { key: string }[] }
          if (page.signals.some((s) => s.key === probe.key)) {
            probe.visibleAt = performance.now()
            return
          }
        } else non200[`GET ${answer.status}`] = (non200[`GET ${answer.status}`] ?? 0) + 1
        await sleep(options.pollMs - (performance.now() - asked))
      }
    }

    const postBatch = async (batch: object[], batchProbes: Probe[], inWindow: boolean): Promise<void> => {
      const body = Buffer.from(JSON.stringify({ batch }))
      const headers = {
        'content-type': 'application/json',
        'content-length': body.length,
        authorization: auth,
      }
      inflight++
      const sentAt = performance.now()
      for (const p of batchProbes) p.sentAt = sentAt
      try {
        for (let attempt = 1; ; attempt++) {
          const answer = await send(agent, port, 'POST', '/v1/batch', headers, body)
          if (answer.status === 200) break
          non200[answer.status] = (non200[answer.status] ?? 0) + 1
          if (attempt >= 10) throw new Error(`/v1/batch: ${answer.status} ${answer.body.slice(0, 300)}`)
          await sleep(answer.status === 429 ? Number(answer.retryAfter ?? 1) * 1000 : 100 * attempt)
        }
      } finally {
        inflight--
      }
      const ackAt = performance.now()
      batchMs.push(ackAt - sentAt)
      batchLog.push({ sentAtS: (sentAt - upAt) / 1000, ms: ackAt - sentAt })
      if (inWindow) {
        windowEvents += batch.length
        windowBatches++
        lastWindowAck = Math.max(lastWindowAck, ackAt)
      }
      await Promise.all(
        batchProbes.map((p) => {
          p.ackAt = ackAt
          return poll(p)
        }),
      )
    }

    const rss = sampleRss(reel.pid)
    const cpuBefore = reel.cpuSec()
    const machineBefore = machineCpu()
    const streamStart = performance.now()
    const windowStart = streamStart + options.warmupSeconds * 1000
    const streamEnd = windowStart + options.seconds * 1000
    let scheduled = 0
    const nextProbe: Record<ProbeKind, number> = { negative_review: 0, cart_abandoned: 0 }
    const probeAt = (kind: ProbeKind, index: number) =>
      windowStart + index * options.probeEveryMs + (kind === 'cart_abandoned' ? options.probeEveryMs / 2 : 0)
    for (let tick = 0; ; tick++) {
      const now = performance.now()
      if (now >= streamEnd) break
      if (inflight < options.maxInflight) {
        const due = Math.floor((options.rate * (now - streamStart)) / 1000) - scheduled
        const batch: object[] = []
        const batchProbes: Probe[] = []
        const wall = Date.now()
        for (const kind of PROBE_KINDS) {
          while (nextProbe[kind] < probeMembers[kind].length && probeAt(kind, nextProbe[kind]) <= now) {
            const { event, probe } = probeEvent(kind, nextProbe[kind]++, wall)
            batch.push(event)
            batchProbes.push(probe)
            probes.push(probe)
          }
        }
        const iso = new Date(wall).toISOString()
        while (batch.length < Math.min(500, due)) batch.push(ordinaryEvent(iso))
        scheduled += batch.length
        if (batch.length > 0) pending.push(postBatch(batch, batchProbes, now >= windowStart))
      }
      await sleep(streamStart + (tick + 1) * options.tickMs - performance.now())
    }
    await Promise.all(pending)
    const machineAfter = machineCpu()
    const serverCpuSec = reel.cpuSec() - cpuBefore
    const serverPeakRss = Math.max(rss.stop(), reel.peakRss())
    const windowMs = Math.max(streamEnd, lastWindowAck) - windowStart

    const probeStats = PROBE_KINDS.map((kind): ProbeStats => {
      const mine = probes.filter((p) => p.kind === kind)
      const acked = mine.filter((p) => p.ackAt !== undefined)
      const seen = acked.filter((p) => p.visibleAt !== undefined)
      return {
        kind,
        sent: mine.length,
        acknowledged: acked.length,
        visible: seen.length,
        missed: acked.length - seen.length,
        sendToAckMs: quantiles(acked.map((p) => (p.ackAt ?? 0) - p.sentAt)),
        sendToVisibleMs: quantiles(seen.map((p) => (p.visibleAt ?? 0) - p.sentAt)),
        ackToVisibleMs: quantiles(seen.map((p) => (p.visibleAt ?? 0) - (p.ackAt ?? 0))),
        pollsPerProbe: mine.reduce((sum, p) => sum + p.polls, 0) / Math.max(1, mine.length),
      }
    })
    return {
      startupMs,
      windowMs,
      events: windowEvents,
      eventsPerSec: windowEvents / (windowMs / 1000),
      targetRate: options.rate,
      batches: windowBatches,
      non200,
      batchMs: quantiles(batchMs),
      slowestBatches: batchLog.sort((a, b) => b.ms - a.ms).slice(0, 5),
      probes: probeStats,
      signalPolls,
      serverPeakRss,
      serverCpuSec,
      machineBusy: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
    }
  } finally {
    agent.destroy()
    await stopServer(reel)
  }
}

/**
 * The measured phase: `clients` keep-alive clients redeem every coupon over HTTP as fast as they can,
 * each coupon `tries` times (2 by default: by different clients, on different orders, at about the same
 * moment), so exactly one try must win and a double redemption would show.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { cpuSecondsOf, machineCpu } from '../support/proc.js'
import { ADMIN_AUTH, type ReelServer } from './server.js'
import type { IssuedCoupon } from './setup.js'

/** The order every attempt is for: above the template's minimum, in its currency. */
const ORDER = { orderTotal: 42.5, currency: 'EUR' }

export interface Latency {
  p50: number
  p99: number
  max: number
}

export interface RedeemLoadResult {
  coupons: number
  attempts: number
  wallMs: number
  /** 200 with `repeated: false`: the coupon was redeemed by this request. */
  redeemed: number
  /** 200 with `repeated: true` (must be 0: every attempt is on its own order). */
  repeated: number
  /** 409 REEL_ERR_COUPON_ALREADY_REDEEMED: another try won. */
  alreadyRedeemed: number
  /** Any other answer, by status and code. */
  other: Record<string, number>
  /** Coupons with more than one 200 answer. */
  doubleAnswers: number
  redemptionsPerSec: number
  attemptsPerSec: number
  /** Attempts/s over each tenth of the phase's wall time, to show whether it slows as the tables grow. */
  byTenth: number[]
  latencyMs: Latency
  wonMs: Latency
  lostMs: Latency
  /**
   * CPU seconds of the server process (PGlite's thread included), of PostgreSQL's processes (0 for the
   * embedded engine), of this (client) process, and the whole machine's busy share.
   */
  serverCpuSec: number
  postgresCpuSec: number
  clientCpuSec: number
  machineBusy: number
  machineCores: number
}

/** CPU seconds used so far by every `postgres` process of the machine (the server's backends among them). */
function postgresCpuSeconds(): number {
  let sum = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        sum += cpuSecondsOf(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return sum
}

interface Attempt {
  coupon: number
  orderId: string
}

function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 }
}

/**
 * Each client's attempts: coupon i's k-th try goes to client (i + k) mod C, all at about the same place
 * in their queues, so the tries race.
 */
function queues(coupons: number, clients: number, tries: number): Attempt[][] {
  const out: Attempt[][] = Array.from({ length: clients }, () => [])
  for (let i = 0; i < coupons; i++)
    for (let k = 0; k < tries; k++) out[(i + k) % clients]?.push({ coupon: i, orderId: `order-${i}-${k}` })
  return out
}

/** Redeems every coupon `tries` times with `clients` concurrent clients; counts and times every answer. */
export async function runRedeemLoad(
  server: ReelServer,
  coupons: IssuedCoupon[],
  clients: number,
  tries: number,
): Promise<RedeemLoadResult> {
  if (clients < tries) throw new Error('--clients must be at least --tries: each try is by another client')
  const wins = new Uint8Array(coupons.length)
  const wonMs: number[] = []
  const lostMs: number[] = []
  const otherMs: number[] = []
  const other: Record<string, number> = {}
  let repeated = 0
  const doneAt: number[] = []

  const client = async (attempts: Attempt[]) => {
    for (const attempt of attempts) {
      const coupon = coupons[attempt.coupon] as IssuedCoupon
      const started = performance.now()
      const answer = await server.json<{ repeated?: boolean; error?: { code: string } }>(
        'POST',
        '/api/v1/coupons/redeem',
        ADMIN_AUTH,
        { coupon: coupon.code, customerId: coupon.ownerId, orderId: attempt.orderId, ...ORDER },
      )
      const ended = performance.now()
      const ms = ended - started
      doneAt.push(ended)
      if (answer.status === 200) {
        wins[attempt.coupon] = (wins[attempt.coupon] ?? 0) + 1
        if (answer.body.repeated) repeated++
        wonMs.push(ms)
      } else if (answer.status === 409 && answer.body.error?.code === 'REEL_ERR_COUPON_ALREADY_REDEEMED') {
        lostMs.push(ms)
      } else {
        const key = `${answer.status} ${answer.body.error?.code ?? ''}`.trim()
        other[key] = (other[key] ?? 0) + 1
        otherMs.push(ms)
      }
    }
  }

  const plan = queues(coupons.length, clients, tries)
  const serverBefore = cpuSecondsOf(server.pid)
  const postgresBefore = postgresCpuSeconds()
  const clientBefore = process.cpuUsage()
  const machineBefore = machineCpu()
  const started = performance.now()
  await Promise.all(plan.map(client))
  const wallMs = performance.now() - started
  const machineAfter = machineCpu()
  const clientCpu = process.cpuUsage(clientBefore)
  const serverCpuSec = cpuSecondsOf(server.pid) - serverBefore
  const postgresCpuSec = postgresCpuSeconds() - postgresBefore

  const attempts = coupons.length * tries
  const byTenth = new Array<number>(10).fill(0)
  for (const at of doneAt) {
    const tenth = Math.min(9, Math.floor(((at - started) / wallMs) * 10))
    byTenth[tenth] = (byTenth[tenth] ?? 0) + 1
  }
  const redeemed = wonMs.length - repeated
  return {
    coupons: coupons.length,
    attempts,
    wallMs,
    redeemed,
    repeated,
    alreadyRedeemed: lostMs.length,
    other,
    doubleAnswers: wins.reduce((n, w) => n + (w > 1 ? 1 : 0), 0),
    redemptionsPerSec: redeemed / (wallMs / 1000),
    attemptsPerSec: attempts / (wallMs / 1000),
    byTenth: byTenth.map((n) => n / (wallMs / 10_000)),
    latencyMs: latency([...wonMs, ...lostMs, ...otherMs]),
    wonMs: latency(wonMs),
    lostMs: latency(lostMs),
    serverCpuSec,
    postgresCpuSec,
    clientCpuSec: (clientCpu.user + clientCpu.system) / 1e6,
    machineBusy: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
    machineCores: (machineAfter.total - machineBefore.total) / (wallMs / 1000),
  }
}

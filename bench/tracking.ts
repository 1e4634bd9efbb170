/**
 * `npm run bench -- tracking` (issue 15): the tracking page's server time on a demo shop of --customers
 * (100,000) over --days (120): `reel serve` on it, the tracking links of --orders (200) orders with shipments
 * (from the admin API), each page loaded --runs (3) times over a keep-alive loopback connection after a warm-up;
 * the median, p90 and p99 of the time to the last byte (an upper bound of the server's time). Target: 200 ms.
 * Then the status board (`GET /api/v1/shipments/overview`) and the where-is-my-order figure.
 *
 * Options: --customers N (100000) --days D (120) --orders N (200) --runs R (3) --data-dir PATH.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN_TOKEN, buildReel, reelEnv, runReel, spawnReel } from './radar/reel-process.js'
import { fmt, log, parseBenchArgs } from './support/cli.js'
import { freePort, stopServer, waitForHealth } from './support/http.js'

const TARGET_MS = 200

function get(
  agent: Agent,
  port: number,
  path: string,
  auth = false,
): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        headers: auth ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {},
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    customers: { type: 'string', default: '100000' },
    days: { type: 'string', default: '120' },
    orders: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    'data-dir': { type: 'string' },
  })
  buildReel()
  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'reel-bench-tracking-'))
  const storage = { REEL_DATA_DIR: dataDir }
  if (!existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))) {
    log(`reel demo --customers ${values.customers} --days ${values.days}`)
    const demo = await runReel(
      ['demo', '--customers', values.customers, '--days', values.days, '--no-gifts'],
      reelEnv(storage),
    )
    log(`  ${fmt(demo.wallMs / 1000)} s`)
  }
  const port = await freePort()
  const server = spawnReel(['serve'], reelEnv(storage, { PORT: String(port), HOST: '127.0.0.1' }))
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  try {
    await waitForHealth(agent, port, 120, () => {
      if (server.child.exitCode !== null) throw new Error('reel serve exited')
    })
    const listed = await get(agent, port, `/api/v1/shipments?limit=500`, true)
    const orderIds = [
      ...new Set((JSON.parse(listed.body).shipments as Array<{ orderId: string }>).map((s) => s.orderId)),
    ].slice(0, Number(values.orders))
    const paths: string[] = []
    for (const id of orderIds) {
      const answer = await get(agent, port, `/api/v1/orders/${encodeURIComponent(id)}/shipments`, true)
      paths.push(new URL(JSON.parse(answer.body).trackingUrl).pathname)
    }
    for (const path of paths.slice(0, 20)) await get(agent, port, path)
    const times: number[] = []
    for (let r = 0; r < Number(values.runs); r++)
      for (const path of paths) {
        const page = await get(agent, port, path)
        if (page.status !== 200) throw new Error(`${path}: ${page.status}`)
        times.push(page.ms)
      }
    const overview = await get(agent, port, '/api/v1/shipments/overview', true)
    const wismo = await get(agent, port, '/api/v1/shipping/where-is-my-order', true)
    console.log(
      `Tracking page, ${paths.length} orders × ${values.runs} (ms to the last byte, keep-alive loopback):`,
    )
    console.log('| median | p90 | p99 | max | target |')
    console.log('|---|---|---|---|---|')
    console.log(
      `| ${quantile(times, 0.5).toFixed(1)} | ${quantile(times, 0.9).toFixed(1)} | ${quantile(times, 0.99).toFixed(1)} | ${Math.max(...times).toFixed(1)} | ${TARGET_MS} |`,
    )
    console.log(`\nStatus board: ${overview.ms.toFixed(0)} ms`)
    console.log(overview.body.length > 4000 ? `${overview.body.slice(0, 4000)}…` : overview.body)
    console.log(`\nWhere is my order (last 12 weeks): ${wismo.ms.toFixed(0)} ms`)
    console.log(wismo.body)
  } finally {
    agent.destroy()
    await stopServer(server.child)
  }
}

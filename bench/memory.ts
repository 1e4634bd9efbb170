/**
 * `npm run bench -- memory`: the resident memory of the embedded engine's `reel` processes, run as an
 * operator runs them (`ENV node FLAGS dist/cli/main.js …` as bin/reel.js runs it): the peak RSS of the main
 * commands on the demo shop, and the RSS of an idle `reel serve` on it. Targets: an idle server under
 * 300 MB, every command under 512 MB.
 *
 * 1. as in the quick start, `reel serve` on a new data folder, idle for --idle-seconds (VmRSS sampled every
 *    second; the figure is the median of the second half), then `reel demo --customers N --end NOW` beside
 *    it (sharing its engine) and idle again;
 * 2. `reel serve` restarted on that shop, idle, then idle again with the starter campaigns resumed;
 * 3. `reel radar --recompute`, `reel campaigns run` (the campaigns still resumed) on that shop;
 * 4. `reel demo` and `reel import` of the Olist sample (REEL_TEST_DATA, ../shared/data by default), each on
 *    a new data folder.
 *
 * Options: --customers N (2000) --idle-seconds S (60) --json PATH.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  ADMIN_TOKEN,
  buildReel,
  launcherEnv,
  launcherNodeFlags,
  REPO,
  reelEnv,
  runReel,
  type Storage,
  sourceVersion,
  spawnReel,
} from './radar/reel-process.js'
import { fmt, log, MB, parseBenchArgs } from './support/cli.js'
import { freePort, send, waitForHealth } from './support/http.js'
import { peakRssOf, rssOf } from './support/proc.js'

const IDLE_TARGET = 300 * MB
const COMMAND_TARGET = 512 * MB
const mb = (bytes: number) => `${fmt(bytes / MB)} MB`
const met = (bytes: number, target: number) => (bytes < target ? 'met' : 'NOT MET')

interface CommandFigure {
  command: string
  peakRss: number
  wallMs: number
}

interface IdleFigure {
  state: string
  rss: number
  peakRss: number
}

async function command(label: string, args: string[], storage: Storage): Promise<CommandFigure> {
  log(`reel ${args.join(' ')}`)
  const run = await runReel(args, reelEnv(storage))
  return { command: label, peakRss: run.peakRss, wallMs: run.wallMs }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/** VmRSS every second for `seconds`; the median of the second half (start-up work is over by then). */
async function idleRss(pid: number, seconds: number): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < seconds; i++) {
    await new Promise((r) => setTimeout(r, 1000))
    samples.push(rssOf(pid) ?? 0)
  }
  return median(samples.slice(Math.floor(samples.length / 2)))
}

/** What happens to a running server before it is left idle: `label` names the state measured after it. */
interface Phase {
  label: string
  /** Runs against the server (its port) before the idle window. */
  before(port: number, agent: Agent): Promise<void>
}

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` }

/** Resumes the starter campaigns (created paused) through the admin API. */
async function resumeCampaigns(port: number, agent: Agent): Promise<void> {
  const list = await send(agent, port, 'GET', '/api/v1/campaigns', auth)
  const campaigns = (JSON.parse(list.body) as { campaigns: { id: string }[] }).campaigns
  for (const c of campaigns) await send(agent, port, 'POST', `/api/v1/campaigns/${c.id}/resume`, auth)
}

/** `reel serve` on `storage`: for each phase, its work, then the idle RSS for `seconds`. */
async function idleServer(storage: Storage, seconds: number, phases: Phase[]): Promise<IdleFigure[]> {
  const port = await freePort()
  const server = spawnReel(['serve'], reelEnv(storage, { PORT: String(port), HOST: '127.0.0.1' }))
  const agent = new Agent({ keepAlive: true })
  try {
    await waitForHealth(agent, port, 180, () => {
      if (server.child.exitCode !== null) throw new Error(`reel serve exited with ${server.child.exitCode}`)
    })
    const figures: IdleFigure[] = []
    for (const phase of phases) {
      await phase.before(port, agent)
      log(`reel serve: ${phase.label}; idle for ${seconds} s`)
      const rss = await idleRss(server.pid, seconds)
      figures.push({ state: phase.label, rss, peakRss: peakRssOf(server.pid) ?? 0 })
    }
    return figures
  } finally {
    agent.destroy()
    server.child.kill('SIGTERM')
    await server.exited
  }
}

export async function run(args: string[]): Promise<void> {
  const values = parseBenchArgs(args, {
    customers: { type: 'string', default: '2000' },
    'idle-seconds': { type: 'string', default: '60' },
  })
  const customers = Number(values.customers)
  const idleSeconds = Number(values['idle-seconds'])
  const olist = join(process.env.REEL_TEST_DATA ?? resolve(REPO, '..', 'shared', 'data'), 'olist_sample_4000')
  buildReel()
  const version = sourceVersion()
  const launcher = [
    ...Object.entries(launcherEnv()).map(([k, v]) => `${k}=${v}`),
    'node',
    ...launcherNodeFlags(),
    'dist/cli/main.js',
  ]
  log(`Reel at ${version.label}; reel runs as ${launcher.join(' ')} (bin/reel.js)`)
  const scratch = mkdtempSync(join(tmpdir(), 'reel-bench-memory-'))
  try {
    const shop: Storage = { REEL_DATA_DIR: join(scratch, 'shop') }
    const commands: CommandFigure[] = []
    const demoArgs = (truth: string) => [
      'demo',
      '--customers',
      String(customers),
      '--end',
      new Date().toISOString(),
      '--truth',
      join(scratch, truth),
    ]
    const nothing = async () => undefined
    // As in the quick start: the first `reel serve` makes the data folder, the demo goes in through it.
    const idle = await idleServer(shop, idleSeconds, [
      { label: 'first start on a new data folder', before: nothing },
      {
        label: `after reel demo --customers ${customers} through it`,
        before: async () => {
          commands.push(
            await command(`demo --customers ${customers} (beside reel serve)`, demoArgs('a.json'), shop),
          )
        },
      },
    ])
    idle.push(
      ...(await idleServer(shop, idleSeconds, [
        { label: 'restarted on that shop', before: nothing },
        { label: 'starter campaigns resumed', before: resumeCampaigns },
      ])),
    )
    commands.push(await command('radar --recompute', ['radar', '--recompute', '--limit', '1'], shop))
    commands.push(await command('campaigns run (starter campaigns resumed)', ['campaigns', 'run'], shop))
    commands.push(
      await command(`demo --customers ${customers} (new data folder)`, demoArgs('b.json'), {
        REEL_DATA_DIR: join(scratch, 'demo'),
      }),
    )
    commands.push(
      await command('import olist_sample_4000 (new data folder)', ['import', olist], {
        REEL_DATA_DIR: join(scratch, 'import'),
      }),
    )

    console.log(`\nMemory of the embedded engine's processes (demo shop of ${fmt(customers)} customers)\n`)
    console.log(
      '| reel serve, idle | RSS | peak RSS of the process so far | target < 300 MB |\n|---|---:|---:|---|',
    )
    for (const f of idle)
      console.log(`| ${f.state} | ${mb(f.rss)} | ${mb(f.peakRss)} | ${met(f.rss, IDLE_TARGET)} |`)
    console.log('\n| command | peak RSS | wall | target < 512 MB |\n|---|---:|---:|---|')
    for (const f of commands)
      console.log(
        `| reel ${f.command} | ${mb(f.peakRss)} | ${(f.wallMs / 1000).toFixed(1)} s | ${met(f.peakRss, COMMAND_TARGET)} |`,
      )
    if (values.json)
      writeFileSync(
        values.json,
        JSON.stringify({ version: version.label, customers, idle, commands }, null, 2),
      )
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

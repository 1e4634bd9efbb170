/**
 * The real `reel` CLI in child processes, built as `npm start` builds it (`node FLAGS dist/cli/main.js …`,
 * FLAGS those of the shipped launcher bin/reel.js), as an operator runs it, with each child's peak RSS:
 * VmHWM polled from /proc every 100 ms, and getrusage's maxrss written at exit by peak-rss-hook.mjs (the
 * larger is kept). Running the sources through tsx instead would add its compiler's memory to every figure.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cpuSecondsOf, peakRssOf } from '../support/proc.js'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))
const HOOK = fileURLToPath(new URL('./peak-rss-hook.mjs', import.meta.url))
export const WRITE_KEY = 'bench-radar-write-key'
export const ADMIN_TOKEN = 'bench-radar-admin-token-0123456789'

/** Builds dist/ from the sources, once, before any child runs. */
export function buildReel(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO, stdio: 'inherit' })
}

/**
 * The shipped launcher's line (bin/reel.js: `#!/usr/bin/env -S NAME=VALUE… node FLAGS`, which `npm start`
 * repeats): its environment settings and Node.js flags, so the children run as an operator's `reel` does.
 */
function launcherLine(): { env: Record<string, string>; flags: string[] } {
  const shebang = readFileSync(join(REPO, 'bin', 'reel.js'), 'utf8').split('\n')[0] ?? ''
  const match = /^#!\S*env\s+(?:-S\s+)?((?:\w+=\S*\s+)*)node\b(.*)$/.exec(shebang)
  const words = (text: string | undefined) => (text ?? '').trim().split(/\s+/).filter(Boolean)
  const env = Object.fromEntries(
    words(match?.[1]).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]),
  )
  return { env, flags: words(match?.[2]) }
}

/** The launcher's Node.js flags (a bounded heap, for one). */
export function launcherNodeFlags(): string[] {
  return launcherLine().flags
}

/** The launcher's environment settings (MALLOC_ARENA_MAX, for one). */
export function launcherEnv(): Record<string, string> {
  return launcherLine().env
}

/**
 * The commit the bench runs on, `+changes` when src/, bin/ or package.json differ from it, and a
 * fingerprint of those differences: the bench compares it at the end, as the code may change meanwhile.
 */
export function sourceVersion(): { label: string; fingerprint: string } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8' })
    const head = git('rev-parse', '--short', 'HEAD').trim()
    const diff = git('diff', 'HEAD', '--', 'src', 'bin', 'package.json')
    const untracked = git('ls-files', '--others', '--exclude-standard', '--', 'src', 'bin')
    const changed = diff.length > 0 || untracked.length > 0
    return {
      label: changed ? `${head}+changes` : head,
      fingerprint: `${head}:${createHash('sha256').update(diff).update(untracked).digest('hex')}`,
    }
  } catch {
    return { label: 'unknown', fingerprint: 'unknown' }
  }
}

/** Where Reel's data is: an embedded data folder or a PostgreSQL database. */
export type Storage = { REEL_DATA_DIR: string } | { REEL_DATABASE_URL: string }

/** The environment of a child: this one's without REEL_* and PORT, then the storage and `extra`. */
export function reelEnv(storage: Storage, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('REEL_') && k !== 'PORT') env[k] = v
  return {
    ...env,
    ...storage,
    REEL_WRITE_KEY: WRITE_KEY,
    REEL_ADMIN_TOKEN: ADMIN_TOKEN,
    REEL_LOG_LEVEL: 'silent',
    ...extra,
  }
}

/** A running `reel` child; `peakRss()` while it runs or after it exited. */
export interface ReelChild {
  child: ChildProcess
  pid: number
  peakRss(): number
  /** CPU seconds (user + system) it used until the last poll. */
  cpuSec(): number
  exited: Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number }>
}

export function spawnReel(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { inheritOutput?: boolean } = {},
): ReelChild {
  const hookDir = mkdtempSync(join(tmpdir(), 'reel-bench-rss-'))
  const rssFile = join(hookDir, 'peak')
  const started = performance.now()
  const node = [...launcherNodeFlags(), '--import', HOOK]
  const child = spawn(process.execPath, [...node, 'dist/cli/main.js', ...args], {
    cwd: REPO,
    env: { ...launcherEnv(), ...env, BENCH_PEAK_RSS_FILE: rssFile },
    stdio: ['ignore', options.inheritOutput ? 'inherit' : 'pipe', options.inheritOutput ? 'inherit' : 'pipe'],
  })
  const pid = child.pid ?? 0
  let polledPeak = 0
  let cpu = 0
  const poll = () => {
    polledPeak = Math.max(polledPeak, peakRssOf(pid) ?? 0)
    cpu = Math.max(cpu, cpuSecondsOf(pid))
  }
  const timer = setInterval(poll, 100)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString('utf8')
  })
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8')
  })
  let exitPeak = 0
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number }>(
    (done, fail) => {
      child.once('error', fail)
      child.once('close', (code) => {
        clearInterval(timer)
        try {
          exitPeak = Number(readFileSync(rssFile, 'utf8')) || 0
        } catch {
          // no hook output (killed): the polled peak stands
        }
        rmSync(hookDir, { recursive: true, force: true })
        done({ code, stdout, stderr, wallMs: performance.now() - started })
      })
    },
  )
  return {
    child,
    pid,
    peakRss: () => {
      if (child.exitCode === null) poll()
      return Math.max(polledPeak, exitPeak)
    },
    cpuSec: () => {
      if (child.exitCode === null) poll()
      return cpu
    },
    exited,
  }
}

/** Runs a `reel` command to its end; throws with its stderr when it fails. */
export async function runReel(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string; wallMs: number; peakRss: number; cpuSec: number }> {
  const reel = spawnReel(args, env)
  const result = await reel.exited
  if (result.code !== 0)
    throw new Error(`reel ${args.join(' ')} exited with ${result.code}:\n${result.stderr.slice(-2000)}`)
  return { ...result, peakRss: reel.peakRss(), cpuSec: reel.cpuSec() }
}

export interface RecomputeRun {
  /** What the CLI reports: the recompute alone (`recomputed N customers in X.X s`). */
  recomputeMs: number
  customers: number
  signals: number
  retracted: number
  /** The whole child: start-up, recompute, summary, exit. */
  wallMs: number
  peakRss: number
  cpuSec: number
}

/** `reel radar --recompute --as-of ASOF --json`: the full recompute from the event log. */
export async function recomputeWithCli(storage: Storage, asOf: Date): Promise<RecomputeRun> {
  const result = await runReel(
    ['radar', '--recompute', '--as-of', asOf.toISOString(), '--json', '--limit', '1'],
    reelEnv(storage),
  )
  const match = /recomputed (\d+) customers in ([\d.]+) s: (\d+) signals, (\d+) no longer/.exec(result.stderr)
  if (!match) throw new Error(`no "recomputed … in … s" line from reel radar:\n${result.stderr.slice(-2000)}`)
  return {
    recomputeMs: Number(match[2]) * 1000,
    customers: Number(match[1]),
    signals: Number(match[3]),
    retracted: Number(match[4]),
    wallMs: result.wallMs,
    peakRss: result.peakRss,
    cpuSec: result.cpuSec,
  }
}

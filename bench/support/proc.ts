import { readFileSync } from 'node:fs'

/** Linux clock ticks per second for /proc times (USER_HZ, 100 on every common kernel). */
const TICKS = 100

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`))
    const kb = line ? Number.parseInt(line.slice(field.length + 1), 10) : Number.NaN
    return Number.isFinite(kb) ? kb * 1024 : undefined
  } catch {
    return undefined
  }
}

/** Resident set size of a process now, in bytes. */
export const rssOf = (pid: number) => statusField(pid, 'VmRSS')
/** Peak resident set size of a process since it started, in bytes. */
export const peakRssOf = (pid: number) => statusField(pid, 'VmHWM')

/** CPU seconds (user + system) a process has used so far. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS
  } catch {
    return 0
  }
}

/** Busy and total CPU seconds of the whole machine so far (all cores). */
export function machineCpu(): { busy: number; total: number } {
  const first = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const ticks = first.trim().split(/\s+/).slice(1).map(Number)
  const total = ticks.reduce((a, b) => a + b, 0)
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0)
  return { busy: (total - idle) / TICKS, total: total / TICKS }
}

/** Samples a process's RSS every `everyMs` and keeps the highest value seen. */
export function sampleRss(pid: number, everyMs = 200): { stop(): number } {
  let peak = rssOf(pid) ?? 0
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid) ?? 0)
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, rssOf(pid) ?? 0)
    },
  }
}

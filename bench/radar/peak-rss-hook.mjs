// Plain JavaScript, so that the children need no TypeScript loader.
/**
 * Preloaded into `reel` child processes (`--import`): on exit, writes the process's peak resident set size
 * (getrusage maxrss, whole process with its worker threads, in bytes) to $BENCH_PEAK_RSS_FILE. It catches a
 * peak that polling /proc/PID/status (VmHWM) could miss in the process's last moments.
 */
import { writeFileSync } from 'node:fs'

const path = process.env.BENCH_PEAK_RSS_FILE
if (path)
  process.on('exit', () => {
    try {
      writeFileSync(path, String(process.resourceUsage().maxRSS * 1024))
    } catch {
      // the bench then keeps the VmHWM it polled
    }
  })

import cliProgress from 'cli-progress'

/** A progress bar on stderr (silent when stderr is not a terminal, so logs stay clean). */
export function progressBar(label: string): { update(done: number, total?: number): void; stop(): void } {
  if (!process.stderr.isTTY) {
    return { update() {}, stop() {} }
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done, total) {
      if (!started) {
        bar.start(total ?? done, done)
        started = true
      }
      if (total !== undefined) bar.setTotal(total)
      bar.update(done)
    },
    stop() {
      if (started) bar.stop()
    },
  }
}

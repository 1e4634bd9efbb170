import type { Worker } from 'node:worker_threads'
import { startThread } from '../jobs/index.js'
import type { PgliteHostOptions } from './pglite-host.js'
import type { PgliteInitOptions } from './pglite-init.js'

/** Starts one of the embedded engine's worker-thread entries (the engine, or the creation of a data folder). */
export function startWorker(
  entry: 'pglite-host' | 'pglite-init',
  options: PgliteHostOptions | PgliteInitOptions,
): Worker {
  return startThread(new URL(`./${entry}.js`, import.meta.url), options)
}

/** Resolves once the worker says 'ready'; fails if it reports an error or ends first. */
export function ready(worker: Worker, during: string): Promise<void> {
  return new Promise<void>((done, fail) => {
    worker.once('message', (m) => (m === 'ready' ? done() : fail(new Error(String(m)))))
    worker.once('error', fail)
    worker.once('exit', (code) =>
      fail(new Error(`the embedded database stopped during ${during} (exit ${code})`)),
    )
  })
}

import { Worker } from 'node:worker_threads'
import type { PgliteHostOptions } from './pglite-host.js'
import type { PgliteInitOptions } from './pglite-init.js'

/** Starts one of the embedded engine's worker-thread entries (the engine, or the creation of a data folder). */
export function startWorker(
  entry: 'pglite-host' | 'pglite-init',
  options: PgliteHostOptions | PgliteInitOptions,
): Worker {
  const here = new URL(import.meta.url)
  if (here.pathname.endsWith('.ts')) {
    // Running from source (tests, `npm run reel`): load the worker through tsx too.
    const tsx = import.meta.resolve('tsx/esm/api')
    const source = new URL(`./${entry}.ts`, here).href
    return new Worker(
      `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}) })`,
      { eval: true, workerData: options },
    )
  }
  return new Worker(new URL(`./${entry}.js`, here), { workerData: options })
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

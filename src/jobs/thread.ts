import { Worker } from 'node:worker_threads'

/**
 * Starts a worker thread on the module `entry` (a URL of a `.js` file beside the caller, as built). Run from
 * source (tests, `npm run reel`), the caller's URL ends in `.ts`: the worker loads the `.ts` file through
 * tsx too.
 */
export function startThread(entry: URL, workerData: unknown): Worker {
  if (!new URL(import.meta.url).pathname.endsWith('.ts')) return new Worker(entry, { workerData })
  const tsx = import.meta.resolve('tsx/esm/api')
  const source = entry.href.replace(/\.js$/, '.ts')
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}) })`,
    { eval: true, workerData },
  )
}

import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { lockDataDir } from './data-dir-lock.js'
import type { PgliteHostOptions } from './pglite-host.js'
import type { PgliteInitOptions } from './pglite-init.js'

/** The embedded engine as the rest of Reel sees it: a socket folder to point `pg` at. */
export interface EmbeddedEngine {
  socketDir: string
  stop(): Promise<void>
}

const SOCKET_NAME = '.s.PGSQL.5432'
// sockaddr_un.sun_path holds 108 bytes on Linux.
const MAX_SOCKET_PATH = 100

function startWorker(
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
function ready(worker: Worker, during: string): Promise<void> {
  return new Promise<void>((done, fail) => {
    worker.once('message', (m) => (m === 'ready' ? done() : fail(new Error(String(m)))))
    worker.once('error', fail)
    worker.once('exit', (code) =>
      fail(new Error(`the embedded database stopped during ${during} (exit ${code})`)),
    )
  })
}

/** Creates the data folder in a thread of its own, whose memory goes when it ends (see pglite-init.ts). */
async function initializeDataDir(pgdataDir: string): Promise<void> {
  const worker = startWorker('pglite-init', { pgdataDir })
  try {
    await ready(worker, 'the creation of its data folder')
  } finally {
    await worker.terminate()
  }
}

/** PostgreSQL's page cache inside PGlite: its default of 128 MB is a quarter of an embedded Reel's memory. */
export const DEFAULT_EMBEDDED_SHARED_BUFFERS = '32MB'

/** Starts PGlite in its own thread on `dataDir`, after taking the folder's lock. */
export async function startEmbeddedEngine(
  dataDir: string,
  sharedBuffers = DEFAULT_EMBEDDED_SHARED_BUFFERS,
): Promise<EmbeddedEngine> {
  const absolute = resolve(dataDir)
  mkdirSync(absolute, { recursive: true })
  const socketDir =
    join(absolute, SOCKET_NAME).length <= MAX_SOCKET_PATH ? absolute : mkdtempSync(join(tmpdir(), 'reel-'))
  const unlock = lockDataDir(absolute, socketDir)
  const pgdataDir = join(absolute, 'pgdata')
  let worker: Worker | undefined
  try {
    if (!existsSync(join(pgdataDir, 'PG_VERSION'))) await initializeDataDir(pgdataDir)
    worker = startWorker('pglite-host', {
      pgdataDir,
      socketPath: join(socketDir, SOCKET_NAME),
      sharedBuffers,
    })
    await ready(worker, 'start-up')
  } catch (error) {
    await worker?.terminate()
    unlock()
    throw error
  }
  worker.unref()
  return {
    socketDir,
    async stop() {
      const closed = new Promise<void>((done) => {
        worker.once('message', (m) => m === 'closed' && done())
        worker.once('exit', () => done())
      })
      worker.postMessage('close')
      await closed
      await worker.terminate()
      unlock()
    },
  }
}

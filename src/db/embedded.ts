import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { createDataDir } from './create-data-dir.js'
import { lockDataDir } from './data-dir-lock.js'
import { ready, startWorker } from './worker.js'

/** The embedded engine as the rest of Reel sees it: a socket folder to point `pg` at. */
export interface EmbeddedEngine {
  socketDir: string
  stop(): Promise<void>
}

const SOCKET_NAME = '.s.PGSQL.5432'
// sockaddr_un.sun_path holds 108 bytes on Linux.
const MAX_SOCKET_PATH = 100

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
    if (!existsSync(join(pgdataDir, 'PG_VERSION'))) await createDataDir(pgdataDir)
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

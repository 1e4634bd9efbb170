/**
 * Worker-thread entry that owns the embedded PGlite database and serves it on a unix socket
 * with the PostgreSQL wire protocol, so the rest of Reel (and the CLI, from another process)
 * talks plain `pg` to it, and no query ever blocks the HTTP thread.
 */
import { rmSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { ClientStream } from './wire-framing.js'

export interface PgliteHostOptions {
  pgdataDir: string
  socketPath: string
  /** shared_buffers, e.g. '32MB'. */
  sharedBuffers: string
}

interface Job {
  client: number
  bytes: Uint8Array
  socket: Socket
  done: () => void
}

const options = workerData as PgliteHostOptions
// PGlite starts PostgreSQL with -F (fsync off). Reel turns fsync back on and keeps synchronous
// commit, so the WAL is written through at every commit before the client hears "COMMIT": an
// acknowledged event survives a killed process (proven by the kill test).
const startParams = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  ...['-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'full_page_writes=on'],
  // Files are read through the operating system's cache anyway; a small pool keeps the process small.
  ...['-c', `shared_buffers=${options.sharedBuffers}`],
]
const db = await PGlite.create(options.pgdataDir, { startParams })

const queue: Job[] = []
// While a client's transaction is open, only that client's messages run (PGlite has one backend).
// So code must never wait, inside a transaction, on a query sent over another connection: on this
// engine that waits forever.
let transactionOwner: number | null = null
let running = false
let nextClient = 1

// PGlite runs no autovacuum: without this, updated rows (profiles, carts, radar state) pile up as dead
// tuples, and without statistics the planner scans whole tables for `= any(...)` lookups, so ingestion
// slows down as the tables grow. Like autovacuum (same default thresholds), it looks every 30 s for the
// tables that need it and vacuums them one at a time between two transactions: a steady load cannot
// starve it, and no request waits behind a vacuum of the whole database.
const MAINTENANCE_EVERY_MS = 30_000
let maintenanceDue = false
let tablesToMaintain: string[] = []
const maintenance = setInterval(() => {
  maintenanceDue = true
  void drain()
}, MAINTENANCE_EVERY_MS)
maintenance.unref()

async function planMaintenance(): Promise<void> {
  maintenanceDue = false
  // query and exec take PGlite's query lock themselves: wrapping them in runExclusive would wait forever.
  const { rows } = await db
    .query<{ relname: string }>(
      `select relname from pg_stat_user_tables
       where n_dead_tup > 50 + 0.2 * n_live_tup or n_mod_since_analyze > 50 + 0.1 * n_live_tup
          or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup
       order by n_dead_tup + n_mod_since_analyze desc`,
    )
    .catch(() => ({ rows: [] }))
  tablesToMaintain = rows.map((r) => r.relname)
}

async function maintainNextTable(): Promise<void> {
  const table = tablesToMaintain.shift()
  if (table) await db.exec(`VACUUM (ANALYZE) "${table.replaceAll('"', '""')}"`).catch(() => undefined)
}

async function drain(): Promise<void> {
  if (running) return
  running = true
  try {
    for (;;) {
      if (transactionOwner === null) {
        if (maintenanceDue) await planMaintenance()
        else if (tablesToMaintain.length > 0) await maintainNextTable()
      }
      const index = transactionOwner === null ? 0 : queue.findIndex((j) => j.client === transactionOwner)
      const job = index >= 0 ? queue.splice(index, 1)[0] : undefined
      if (!job) {
        // Idle: finish the maintenance planned (one table per turn, so a request never waits long).
        if (transactionOwner === null && tablesToMaintain.length > 0) continue
        break
      }
      try {
        await db.runExclusive(() =>
          db.execProtocolRawStream(job.bytes, {
            // `data` is a view into PGlite's memory, reused for the next chunk: copy it before a
            // backpressured socket queues it.
            onRawData: (data) => {
              if (data.length > 0 && job.socket.writable) job.socket.write(Buffer.from(data))
            },
          }),
        )
      } catch (error) {
        job.socket.destroy(error instanceof Error ? error : new Error(String(error)))
      }
      transactionOwner = db.isInTransaction() ? job.client : null
      job.done()
    }
  } finally {
    running = false
  }
}

function run(client: number, socket: Socket, bytes: Uint8Array): Promise<void> {
  return new Promise((done) => {
    queue.push({ client, bytes, socket, done })
    void drain()
  })
}

async function releaseClient(client: number): Promise<void> {
  for (let i = queue.length - 1; i >= 0; i--) if (queue[i]?.client === client) queue.splice(i, 1)[0]?.done()
  if (transactionOwner === client) {
    // A client that vanished mid-transaction must not keep the single backend locked.
    await db.exec('ROLLBACK')
    transactionOwner = null
    void drain()
  }
}

const server = createServer((socket) => {
  const client = nextClient++
  const stream = new ClientStream()
  let chain = Promise.resolve()
  socket.setNoDelay(true)
  socket.on('data', (chunk) => {
    let frames: ReturnType<ClientStream['push']>
    try {
      frames = stream.push(chunk)
    } catch {
      socket.destroy()
      return
    }
    for (const frame of frames) {
      chain = chain.then(async () => {
        if (socket.destroyed) return
        if (frame.kind === 'ssl-request') socket.write('N')
        else if (frame.kind === 'terminate') socket.end()
        else if (frame.kind === 'startup' || frame.kind === 'group') await run(client, socket, frame.bytes)
      })
    }
  })
  socket.on('error', () => socket.destroy())
  socket.on('close', () => {
    chain = chain.then(() => releaseClient(client))
  })
})

rmSync(options.socketPath, { force: true })
await new Promise<void>((resolve, reject) => {
  server.once('error', reject)
  server.listen(options.socketPath, resolve)
})

parentPort?.on('message', async (message: unknown) => {
  if (message !== 'close') return
  clearInterval(maintenance)
  server.close()
  await db.close()
  rmSync(options.socketPath, { force: true })
  parentPort?.postMessage('closed')
})
parentPort?.postMessage('ready')

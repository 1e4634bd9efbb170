/**
 * Worker-thread entry that creates a new PGlite data folder (initdb) and ends. PGlite's initdb runs a
 * second PostgreSQL instance beside the first and copies its whole 128 MB heap: in the engine's own thread
 * that memory stays resident for the life of the process (an idle server held 800 MB after its first
 * start); in this thread it goes when the thread ends, before the engine starts on the folder.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { MemoryFS, PGlite } from '@electric-sql/pglite'

export interface PgliteInitOptions {
  /** Where the data folder goes; it is made beside it and renamed there once complete. */
  pgdataDir: string
}

/** The part of Emscripten's file system API this uses. */
interface PgliteFs {
  mkdirTree(path: string): void
  mount(type: unknown, options: { root: string }, mountpoint: string): void
  filesystems: { NODEFS: unknown }
}

/**
 * PGlite's in-memory file system, with PGDATA mounted on a folder on disk. For an in-memory database PGlite's
 * initdb writes the data folder in place; for one on disk it writes it into memory, packs it into a tar and
 * unpacks that (three copies of the folder at once, 550 → 780 MB peak). With this file system initdb's
 * writes go in place, onto the disk (and were PGlite to take the tar path, the folder would land there too).
 */
class DiskDataDirFs extends MemoryFS {
  constructor(private readonly root: string) {
    super()
  }

  override async init(pg: PGlite, options: Parameters<MemoryFS['init']>[1]) {
    const { emscriptenOpts } = await super.init(pg, options)
    const preRun = [
      ...(emscriptenOpts.preRun ?? []),
      (mod: { FS: PgliteFs }) => {
        mod.FS.mkdirTree(PGlite.paths.PGDATA)
        mod.FS.mount(mod.FS.filesystems.NODEFS, { root: this.root }, PGlite.paths.PGDATA)
      },
    ]
    return { emscriptenOpts: { ...emscriptenOpts, preRun } }
  }
}

const { pgdataDir } = workerData as PgliteInitOptions
// A folder is complete once renamed into place: a start killed half-way leaves no half-made database.
const partial = `${pgdataDir}.partial`
rmSync(partial, { recursive: true, force: true })
mkdirSync(partial, { recursive: true })
const db = await PGlite.create({
  fs: new DiskDataDirFs(partial),
  // initdb's backends run with the shared_buffers it writes into postgresql.conf (128 MB unless told); the
  // engine starts with its own (-c shared_buffers), so a small one here changes nothing later.
  initDbStartParams: ['-c', 'shared_buffers=16MB'],
})
await db.close()
// A pgdata without PG_VERSION (the only kind this is started for) is no database: a start killed mid-initdb.
rmSync(pgdataDir, { recursive: true, force: true })
renameSync(partial, pgdataDir)
parentPort?.postMessage('ready')

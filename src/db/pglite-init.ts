/**
 * Worker-thread entry that creates a new PGlite data folder (initdb) and ends: the template of
 * create-data-dir.ts, or a data folder when there is no template. PGlite's initdb runs a second PostgreSQL
 * instance beside the first and copies its whole 128 MB heap: in the engine's own thread that memory stayed
 * resident for the life of the process (an idle server held 800 MB after its first start); in this thread
 * it goes when the thread ends, before the engine starts.
 */
import { mkdirSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { MemoryFS, PGlite } from '@electric-sql/pglite'

export interface PgliteInitOptions {
  /** An empty or absent folder for the new data folder. */
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
mkdirSync(pgdataDir, { recursive: true })
const db = await PGlite.create({
  fs: new DiskDataDirFs(pgdataDir),
  // initdb's backends run with the shared_buffers it writes into postgresql.conf (128 MB unless told); the
  // engine starts with its own (-c shared_buffers), so a small one here changes nothing later.
  initDbStartParams: ['-c', 'shared_buffers=16MB'],
})
await db.close()
parentPort?.postMessage('ready')

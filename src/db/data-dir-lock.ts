import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

/** What the owner of a data folder writes into its lock, so other processes can find it. */
export interface LockInfo {
  pid: number
  hostname: string
  startedAt: string
  /** Folder holding the embedded database's socket (`.s.PGSQL.5432`). */
  socketDir: string
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockInfo,
  ) {
    super(
      `The data folder ${dataDir} is in use by Reel process ${owner.pid} (started ${owner.startedAt}). ` +
        'Stop that process, or point REEL_DATA_DIR at another folder.',
    )
  }
}

const LOCK_FILE = 'reel.lock'

function isAlive(info: LockInfo): boolean {
  if (info.hostname !== hostname()) return true
  try {
    process.kill(info.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Reads the lock of a data folder; undefined when nobody holds it (or its holder died). */
export function readLiveLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockInfo
    return isAlive(info) ? info : undefined
  } catch {
    return undefined
  }
}

/**
 * Takes the data folder for this process. Two processes on one PGlite folder silently lose
 * committed rows, so a live owner is refused; a lock left by a killed process is taken over.
 * Returns the release function.
 */
export function lockDataDir(dataDir: string, socketDir: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, LOCK_FILE)
  const info: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    socketDir,
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, JSON.stringify(info))
      closeSync(fd)
      return () => rmSync(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    let owner: LockInfo | undefined
    try {
      owner = JSON.parse(readFileSync(path, 'utf8')) as LockInfo
    } catch {
      owner = undefined // half-written by a process that died, or removed meanwhile
    }
    if (owner && isAlive(owner)) throw new DataDirLockedError(dataDir, owner)
    // Move the stale lock aside atomically; of two processes racing here only one succeeds.
    try {
      renameSync(path, `${path}.stale-${process.pid}`)
      rmSync(`${path}.stale-${process.pid}`, { force: true })
    } catch {
      // another process took it over first; look again
    }
  }
  throw new Error(`Could not take the lock ${path}`)
}

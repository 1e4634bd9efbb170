import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { AnyDb } from '../db/index.js'
import { releaseLeases, renewLeases } from './leases.js'
import { formatPosition, type LogPosition } from './log-position.js'
import {
  ALL_PARTS,
  horizon,
  type PartitionLag,
  type ProjectorGroup,
  projectBatch,
  projectedUpTo,
  projectorLag,
  resetCheckpoints,
} from './projector.js'
import { withRetry } from './with-retry.js'

export interface ProjectorDeps {
  db: AnyDb
  /** The projectors in the order they run; each reads no further than the one before it. */
  groups: readonly [ProjectorGroup, ...ProjectorGroup[]]
  /** Events (and merges) a batch reads at most. */
  batchSize: number
}

export interface ProjectorWorker {
  /** Stops after the batch in flight and hands the partitions back. */
  stop(): Promise<void>
}

export interface WorkerOptions {
  /** Names this worker in the leases; unique per process. */
  owner?: string
  onError: (error: unknown) => void
  /** How often an idle worker looks for events written by other processes. */
  pollMs?: number
  /** How long a lease lasts unrenewed: a dead worker's partitions move on after this. */
  leaseMs?: number
}

/** The projectors behind the log: batches, catching up, waiting for a position, workers. */
export interface Projector {
  /** Projects, in this process, everything committed so far on every partition; returns how much. */
  catchUp(): Promise<number>
  /** Resolves true once `position` is projected by every projector, or false after `timeoutMs`. */
  waitFor(position: LogPosition, timeoutMs: number): Promise<boolean>
  /**
   * Projects in this process until `position` is projected (a transaction still running below it is
   * waited for); throws after `timeoutMs`.
   */
  settle(position: LogPosition, timeoutMs: number): Promise<void>
  /** Each projector's lag on each partition. */
  lag(): Promise<PartitionLag[]>
  /** Tells this process's workers that events were appended. */
  wake(): void
  startWorker(options: WorkerOptions): ProjectorWorker
  /**
   * Resets the first projector's checkpoints and state, and replays the log through it, in one transaction:
   * readers see the old state until it commits. The later projectors (side effects) are not replayed.
   */
  rebuild(options?: { onProgress?: (done: number) => void; batchSize?: number }): Promise<number>
}

const WAIT_POLL_MS = 10

export function createProjector(deps: ProjectorDeps): Projector {
  const { db, groups, batchSize } = deps
  const last = groups[groups.length - 1] as ProjectorGroup
  const sleepers = new Set<() => void>()

  /** One batch of every projector, in one transaction. */
  const once = (parts: readonly number[]) =>
    withRetry(() =>
      db.transaction().execute(async (trx) => {
        const head = await horizon(trx)
        let projected = 0
        let full = false
        for (const [index, group] of groups.entries()) {
          const outcome = await projectBatch(
            trx,
            group,
            index === 0 ? head : (groups[index - 1] as ProjectorGroup).name,
            parts,
            batchSize,
          )
          // Counted once, by the first projector; the later ones project the same events.
          if (index === 0) projected = outcome.projected
          full ||= outcome.full
        }
        return { projected, full }
      }),
    )

  const drain = async (parts: readonly number[]) => {
    let total = 0
    for (;;) {
      const { projected, full } = await once(parts)
      total += projected
      if (!full) return total
    }
  }

  // Callers of this process catch up one at a time: each would only wait for the other's locks.
  let queue: Promise<unknown> = Promise.resolve()

  return {
    catchUp() {
      const run = queue.then(() => drain(ALL_PARTS))
      queue = run.catch(() => undefined)
      return run
    },

    async waitFor(position, timeoutMs) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        if (await projectedUpTo(db, last.name, position)) return true
        if (Date.now() >= deadline) return false
        await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS))
      }
    },

    async settle(position, timeoutMs) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        await this.catchUp()
        if (await projectedUpTo(db, last.name, position)) return
        if (Date.now() >= deadline)
          throw new Error(
            `the log is not projected up to ${formatPosition(position)} after ${timeoutMs} ms: ` +
              'a transaction of this database has been open since before it',
          )
        await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS))
      }
    },

    lag: () => projectorLag(db),

    wake() {
      for (const wake of sleepers) wake()
    },

    startWorker(options) {
      const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
      const pollMs = options.pollMs ?? 50
      const leaseMs = options.leaseMs ?? 10_000
      let stopped = false
      let held: number[] = []
      let renewedAt = Number.NEGATIVE_INFINITY
      let wakeUp: (() => void) | undefined
      const sleep = () =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(done, pollMs)
          function done() {
            clearTimeout(timer)
            sleepers.delete(done)
            resolve()
          }
          wakeUp = done
          sleepers.add(done)
        })
      const loop = (async () => {
        while (!stopped) {
          try {
            if (Date.now() - renewedAt > leaseMs / 4) {
              held = await renewLeases(db, owner, leaseMs)
              renewedAt = Date.now()
            }
            if (held.length > 0 && (await once(held)).full) continue
          } catch (error) {
            options.onError(error)
          }
          if (!stopped) await sleep()
        }
      })()
      return {
        async stop() {
          stopped = true
          wakeUp?.()
          await loop
          await releaseLeases(db, owner).catch(options.onError)
        },
      }
    },

    rebuild(options = {}) {
      const run = queue.then(() =>
        db.transaction().execute(async (trx) => {
          const [first] = groups
          const head = await horizon(trx)
          await resetCheckpoints(trx, first.name)
          for (const p of first.projections) await p.reset(trx)
          let done = 0
          for (;;) {
            const { projected, full } = await projectBatch(
              trx,
              first,
              head,
              ALL_PARTS,
              options.batchSize ?? batchSize,
              true,
            )
            done += projected
            if (projected > 0) options.onProgress?.(done)
            if (!full) return done
          }
        }),
      )
      queue = run.catch(() => undefined)
      return run
    },
  }
}

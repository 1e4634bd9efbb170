import type { Reel } from '../app.js'

/** Runs a command against a started Reel (sharing a running server's embedded engine) and closes it. */
export type WithReel = <T>(run: (reel: Reel) => Promise<T>) => Promise<T>

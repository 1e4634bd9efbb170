/** How long a dashboard session lasts. */
export interface SessionSettings {
  /** A session unused for this many hours ends (REEL_SESSION_IDLE_HOURS). */
  idleHours: number
  /** A session ends this many days after sign-in, however much it is used (REEL_SESSION_MAX_DAYS). */
  maxDays: number
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleHours: 12, maxDays: 7 }

export const HOUR_MS = 3_600_000

/** When a session signed in at `createdAt` and last used at `lastSeenAt` ends. */
export function sessionEndsAt(createdAt: Date, lastSeenAt: Date, settings: SessionSettings): Date {
  return new Date(
    Math.min(
      lastSeenAt.getTime() + settings.idleHours * HOUR_MS,
      createdAt.getTime() + settings.maxDays * 24 * HOUR_MS,
    ),
  )
}

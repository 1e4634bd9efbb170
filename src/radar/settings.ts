import { DEFAULT_RADAR_CONFIG, type RadarConfig } from './detectors/index.js'

/** The detectors' thresholds plus how the radar follows its signals up and keeps time. */
export interface RadarSettings extends RadarConfig {
  /** A signal is won back by a completed order within this many days after it, else it lapses. */
  wonBackDays: number
  /** How often the timer worker looks for timers that came due (ms). */
  timerTickMs: number
}

export const DEFAULT_RADAR_SETTINGS: RadarSettings = {
  ...DEFAULT_RADAR_CONFIG,
  wonBackDays: 30,
  timerTickMs: 1000,
}

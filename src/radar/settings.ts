import { DEFAULT_RADAR_CONFIG, type RadarConfig } from './detectors/index.js'

/** The detectors' thresholds plus how the radar follows its signals up and keeps time. */
export interface RadarSettings extends RadarConfig {
  /** A signal is won back by a completed order within this many days after it, else it lapses. */
  wonBackDays: number
  /** How often the timer worker looks for timers that came due (ms). */
  timerTickMs: number
  /**
   * The shop's currency, for money the shop sent without one (a cart whose events carry none, of a customer
   * with no order yet): shown in it rather than as a bare number beside other sums. Null: left bare.
   */
  defaultCurrency: string | null
  /**
   * REEL_RADAR_VALUE_BY: `predicted` values every signal by its customer's 12-month value had they stayed
   * active (src/predict; where predicted in the signal's currency), `spend` by what the detector stored (the
   * order at stake, else the trailing spend).
   */
  valueBy: 'spend' | 'predicted'
}

export const DEFAULT_RADAR_SETTINGS: RadarSettings = {
  ...DEFAULT_RADAR_CONFIG,
  wonBackDays: 30,
  timerTickMs: 1000,
  // Reel's defaults are those of the Korean shops it starts from (Asia/Seoul, 21:00-08:00 quiet hours).
  defaultCurrency: 'KRW',
  valueBy: 'spend',
}

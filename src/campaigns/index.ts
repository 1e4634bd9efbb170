import type { AnyDb } from '../db/index.js'
import { startTicker, type Ticker } from '../jobs/index.js'
import type { Locale } from '../pages/index.js'
import { DEFAULT_ANALYSIS_OPTIONS } from '../stats/index.js'
import { trainUplift } from '../uplift/index.js'
import { type Campaign, type CampaignInput, type CampaignState, triggerKind } from './campaign.js'
import { type CampaignSummaryRow, type CampaignsReport, campaignsReport } from './campaigns-summary.js'
import { type SettleDeps, settleExposurePage } from './exposure-delivery.js'
import type { SEND_CHANNELS } from './flow.js'
import { type ProgramReport, programReport } from './program-report.js'
import { type CampaignReport, campaignReport, type ReportSettings } from './report.js'
import { targetingValue } from './report-savings.js'
import type { ReportReaders } from './report-units.js'
import { type CampaignResults, campaignResults } from './results.js'
import { advanceDue, enrolNew, type RunnerDeps } from './runner.js'
import { starterCampaigns } from './starters.js'
import {
  type ExposureView,
  getCampaign,
  insertCampaign,
  listCampaigns,
  listCampaignsWithCounts,
  listExposures,
  setCampaignState,
  updateCampaign,
} from './store.js'
import {
  campaignTrainingData,
  listUpliftModels,
  trainCampaignModel,
  type UpliftModelView,
  upliftModelById,
} from './uplift-models.js'
import { type CampaignWarning, providerWarnings } from './warnings.js'

export { type Audience, type AudienceRule, audienceTargeting } from './audience.js'
export {
  CAMPAIGN_STATES,
  type Campaign,
  type CampaignInput,
  type CampaignState,
  campaignInputSchema,
  describeTrigger,
  type Trigger,
} from './campaign.js'
export type {
  CampaignSummaryRow,
  CampaignsReport,
  CampaignTotals,
  SummedEstimate,
} from './campaigns-summary.js'
export type { EventRule } from './event-rules.js'
export type { Facts, Step } from './flow.js'
export { SEND_CHANNELS } from './flow.js'
export { type GlobalHoldout, inGlobalHoldout } from './global-holdout.js'
export { campaignsMigrations } from './migrations.js'
export type { ProgramReport } from './program-report.js'
export type { CampaignReport, DailyPoint, ReportGroup } from './report.js'
export type { TargetingValue } from './report-savings.js'
export type { ArmResult, CampaignResults } from './results.js'
export type { SendOutcome } from './runner.js'
export { STARTER_TEMPLATES } from './starters.js'
export type { EnrolmentRow, ExposureView } from './store.js'
export { FEATURE_NAMES } from './uplift-features.js'
export type { UpliftModelView } from './uplift-models.js'
export type { Verdict, VerdictKind } from './verdict.js'
export type { CampaignWarning } from './warnings.js'

export interface CampaignSettings {
  /** How often the runner enrols new customers and moves flows on (ms). */
  tickMs: number
  /**
   * Signals and events stored in the last this many ms (database clock) wait for the next round, so one
   * whose transaction is still open is not passed over.
   */
  signalReadLagMs: number
  /** What one message costs per channel, in the shop's currency (REEL_MESSAGE_COST_EMAIL, …). */
  messageCost: Record<(typeof SEND_CHANNELS)[number], number>
  /** The share of an order's value the shop keeps (REEL_GROSS_MARGIN): incremental profit's margin. */
  grossMargin: number
  /**
   * Always-valid intervals (REEL_SEQUENTIAL) and the total exposures at which they are tightest
   * (REEL_SEQUENTIAL_TUNING).
   */
  sequential: { enabled: boolean; tuning: number }
  /** The share of members held out of every marketing campaign (REEL_GLOBAL_HOLDOUT; 0: none). */
  globalHoldoutShare: number
}

export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = {
  tickMs: 5000,
  signalReadLagMs: 30_000,
  messageCost: { email: 0, sms: 0, messenger: 0, webhook: 0, log: 0 },
  grossMargin: DEFAULT_ANALYSIS_OPTIONS.grossMargin,
  sequential: DEFAULT_ANALYSIS_OPTIONS.sequential,
  globalHoldoutShare: 0,
}

/** The confidence of every interval a report shows. */
const REPORT_CONFIDENCE = 0.95

export type CampaignSummary = Campaign & {
  enrolled: { treatment: number; holdout: number }
  /**
   * Exposures by outcome: `queued` (in the outbox), `sent` (delivered), `failed` (to be retried), `dead`,
   * `holdout`, `skipped:<reason>`.
   */
  exposures: Record<string, number>
}

/** Campaigns: definitions, the starter set, the runner that enrols and sends, and their exposures. */
export interface Campaigns {
  create(input: CampaignInput, state?: CampaignState): Promise<Campaign>
  update(id: string, input: CampaignInput): Promise<Campaign | undefined>
  get(id: string): Promise<Campaign | undefined>
  list(): Promise<CampaignSummary[]>
  /**
   * `active` starts it (it reads signals or events from then, back as far as its trigger allows; a segment is
   * checked at once), `paused`, `archived`.
   */
  setState(id: string, state: CampaignState): Promise<Campaign | undefined>
  exposures(filter: {
    campaignId: string
    customerId?: string | undefined
    limit: number
  }): Promise<ExposureView[]>
  /**
   * Each arm against the goal (an order within `goalDays` of the first exposure): who entered, was exposed,
   * converted, and the orders' value. The holdout's figures are what the treatment's would have been without
   * the campaign.
   */
  results(id: string): Promise<CampaignResults | undefined>
  /**
   * The campaign's report: what it did (conversion, orders and revenue per customer, CUPED, the split's
   * check, money after discounts and messages, the discount paid to sure things), by trigger, buyer
   * segment and spend band, day by day, and a verdict in the reader's language.
   */
  report(id: string, locale: Locale): Promise<CampaignReport | undefined>
  /** Every campaign's overall figures and verdict, with their totals and the totals per trigger kind. */
  reportAll(locale: Locale): Promise<CampaignsReport>
  /**
   * The whole programme over a period: members outside the shop-wide holdout (REEL_GLOBAL_HOLDOUT) against
   * those in it, every order counted, with the campaigns' discounts and message costs.
   */
  programReport(period: { from: Date; to: Date }, locale: Locale): Promise<ProgramReport>
  /**
   * Trains an uplift model on the campaign's exposures and outcomes (conversion in the goal window) and
   * stores it, for later campaigns to target with (`audience.upliftModel`). Throws a RangeError when the
   * campaign lacks an arm.
   */
  trainUpliftModel(
    campaignId: string,
    options: { learner?: string | undefined; seed: number },
  ): Promise<UpliftModelView | undefined>
  upliftModels(): Promise<UpliftModelView[]>
  /** A stored model, or undefined (what a campaign's `audience.upliftModel` must name). */
  upliftModel(id: string): Promise<UpliftModelView | undefined>
  /** What keeps the campaign from reaching customers as it stands: a send step on a channel with no provider. */
  warnings(campaign: Campaign): CampaignWarning[]
  /** Creates the starter campaigns, paused, once (later starts find them by key). */
  installStarters(apologyCouponTemplateId: string): Promise<number>
  /**
   * One round: exposures follow their messages (settleDeliveries), then enrol from new signals and events
   * and due segment checks, then move due enrolments on.
   */
  runOnce(now?: Date): Promise<{ enrolled: number; advanced: number }>
  /**
   * Queued, failed and just-sent exposures take their message's state from the outbox (sent, failed or dead,
   * with the reason), and a signal is marked contacted once its message went; up to `limit` exposures a
   * call, carrying on where the last call stopped. Returns how many changed.
   */
  settleDeliveries(limit?: number): Promise<number>
  startWorker(onError: (error: unknown) => void): Ticker
}

export interface CampaignsDeps extends RunnerDeps, SettleDeps {
  db: AnyDb
  /** The channels that have a provider in this process (the channels module's `configured`). */
  configuredChannels(): readonly string[]
  /** The orders module's completed orders and their value per customer window. */
  ordersInWindows: Parameters<typeof campaignResults>[3]
  /** The coupons module's redeemed discounts. */
  redeemedDiscounts: ReportReaders['redeemedDiscounts']
  /** The shop's currency (REEL_DEFAULT_CURRENCY): a report counts money in it. */
  currency: string | null
  /** The shop's time zone (REEL_DEFAULT_TIMEZONE): a report's days are its days. */
  timeZone: string
  clock: () => Date
  settings: CampaignSettings
  /** Hears how long each round took (`runOnce`, the worker's and the CLI's), for the metrics. */
  onRound?: (seconds: number, failed: boolean) => void
}

export function createCampaigns(deps: CampaignsDeps): Campaigns {
  const { db, clock } = deps
  // Where the next settleDeliveries starts: unsettled exposures are read round-robin, so a long backlog
  // (e-mails waiting for SMTP) costs each round a bounded read and every exposure its turn.
  let settleAfter = 0
  const reportSettings: ReportSettings = {
    money: { currency: deps.currency, messageCost: deps.settings.messageCost },
    analysis: {
      confidence: REPORT_CONFIDENCE,
      grossMargin: deps.settings.grossMargin,
      sequential: deps.settings.sequential,
    },
    timeZone: deps.timeZone,
  }
  async function settle(now: Date, limit = 10_000) {
    let checked = 0
    let changed = 0
    while (checked < limit) {
      const page = await settleExposurePage(db, deps, {
        after: settleAfter,
        limit: Math.min(1000, limit - checked),
        now,
      })
      checked += page.checked
      changed += page.changed
      settleAfter = page.next ?? 0
      if (page.next === null) break
    }
    return changed
  }
  const round = async (now: Date) => {
    await settle(now)
    return {
      enrolled: await enrolNew(db, now, deps, { lagMs: deps.settings.signalReadLagMs }),
      advanced: await advanceDue(db, now, deps),
    }
  }
  const runOnce = async (now = clock()) => {
    // Wall time, not the (possibly simulated) clock: how long the database and the sends kept the round.
    const started = performance.now()
    let failed = true
    try {
      const outcome = await round(now)
      failed = false
      return outcome
    } finally {
      deps.onRound?.((performance.now() - started) / 1000, failed)
    }
  }
  return {
    async create(input, state = 'paused') {
      const created = await insertCampaign(db, input, { now: clock(), state })
      if (!created) throw new Error('campaign not created')
      return created
    },
    update: (id, input) => updateCampaign(db, id, input, clock()),
    get: (id) => getCampaign(db, id),
    list: () => listCampaignsWithCounts(db),
    setState: (id, state) => setCampaignState(db, id, state, clock()),
    exposures: (filter) => listExposures(db, filter),
    async results(id) {
      const campaign = await getCampaign(db, id)
      return campaign && campaignResults(db, campaign, clock(), deps.ordersInWindows)
    },
    async report(id, locale) {
      const campaign = await getCampaign(db, id)
      if (!campaign) return undefined
      const now = clock()
      const report = await campaignReport(db, campaign, now, deps, reportSettings, locale)
      // The value of targeting needs every outcome: only once the goal windows have closed.
      if (report.windowsOpen > 0 || !report.overall.analysis.enough) return report
      const data = await campaignTrainingData(db, campaign, now, deps, reportSettings.money)
      const options = { ...reportSettings.analysis, holdoutShare: campaign.holdoutShare }
      const targeting = targetingValue(data, data.units, options, (d) => trainUplift(d, { seed: 0 }))
      return { ...report, targeting }
    },
    async reportAll(locale) {
      const now = clock()
      const rows: CampaignSummaryRow[] = []
      for (const campaign of await listCampaigns(db)) {
        const report = await campaignReport(db, campaign, now, deps, reportSettings, locale, 'overall')
        rows.push({
          campaignId: campaign.id,
          name: campaign.name,
          state: campaign.state,
          trigger: triggerKind(campaign.trigger),
          report: { entered: report.entered, windowsOpen: report.windowsOpen, overall: report.overall },
        })
      }
      return campaignsReport(rows, {
        asOf: now.toISOString(),
        currency: deps.currency,
        confidence: REPORT_CONFIDENCE,
      })
    },
    programReport: (period, locale) => programReport(db, period, clock(), deps, reportSettings, locale),
    async trainUpliftModel(campaignId, options) {
      const campaign = await getCampaign(db, campaignId)
      return campaign && trainCampaignModel(db, campaign, clock(), deps, reportSettings.money, options)
    },
    upliftModels: () => listUpliftModels(db),
    upliftModel: async (id) => (await upliftModelById(db, id))?.view,
    warnings: (campaign) => providerWarnings(campaign.steps, deps.configuredChannels()),
    async installStarters(apologyCouponTemplateId) {
      let created = 0
      for (const starter of starterCampaigns(apologyCouponTemplateId))
        if (await insertCampaign(db, starter.input, { now: clock(), starterKey: starter.key })) created++
      return created
    },
    runOnce,
    settleDeliveries: (limit) => settle(clock(), limit),
    startWorker: (onError) => startTicker(() => runOnce(), deps.settings.tickMs, onError),
  }
}

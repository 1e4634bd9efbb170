import { type Command, InvalidArgumentError, Option } from 'commander'
import { type CampaignSummary, describeTrigger } from '../campaigns/index.js'
import type { Locale } from '../pages/index.js'
import { DEFAULT_LEARNER, LEARNER_NAMES } from '../uplift/index.js'
import { renderCampaignReport } from './campaign-report-table.js'
import { renderTable } from './format.js'
import type { WithReel } from './with-reel.js'

function skipped(exposures: Record<string, number>): string {
  const reasons = Object.entries(exposures).filter(([k]) => k.startsWith('skipped:'))
  return reasons.map(([k, n]) => `${k.slice('skipped:'.length)} ${n}`).join(', ')
}

/** Failed messages (to be retried) and dead ones, which will not go: `3 (1 dead)`. */
function failed(exposures: Record<string, number>): string {
  const dead = exposures.dead ?? 0
  const all = (exposures.failed ?? 0) + dead
  return dead > 0 ? `${all} (${dead} dead)` : String(all)
}

/** Campaigns as a table: who entered, then each message queued in the outbox, delivered, failed, held out or skipped. */
export function renderCampaigns(campaigns: readonly CampaignSummary[]): string {
  return renderTable(
    [
      'id',
      'name',
      'state',
      'trigger',
      'treatment',
      'holdout',
      'queued',
      'sent',
      'failed',
      'held out',
      'skipped',
    ],
    campaigns.map((c) => [
      c.id,
      c.name,
      c.state,
      describeTrigger(c.trigger),
      String(c.enrolled.treatment),
      String(c.enrolled.holdout),
      String(c.exposures.queued ?? 0),
      String(c.exposures.sent ?? 0),
      failed(c.exposures),
      String(c.exposures.holdout ?? 0),
      skipped(c.exposures),
    ]),
    new Set([4, 5, 6, 7, 8, 9]),
  )
}

function nonNegativeInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of at least 0')
  return n
}

/** Korean for a shell whose LANG is Korean, else English. */
const localeOfShell = (): Locale => (/^ko/i.test(process.env.LANG ?? '') ? 'ko' : 'en')

/** `reel campaigns`: the campaigns and what they did; resume, pause, and one round of the runner. */
export function registerCampaigns(program: Command, withReel: WithReel): void {
  const campaigns = program
    .command('campaigns')
    .description(
      'list campaigns with who entered each arm and what was queued, sent, failed, held out or skipped',
    )
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withReel(async (reel) => {
        const list = await reel.campaigns.list()
        console.log(opts.json ? JSON.stringify(list, null, 2) : renderCampaigns(list))
      }),
    )
  for (const [action, state] of [
    ['resume', 'active'],
    ['pause', 'paused'],
    ['archive', 'archived'],
  ] as const)
    campaigns
      .command(`${action} <id>`)
      .description(`${action} a campaign`)
      .action((id: string) =>
        withReel(async (reel) => {
          const campaign = await reel.campaigns.setState(id, state)
          if (!campaign) throw new Error(`no campaign ${id} (or it is archived)`)
          console.log(`${campaign.name}: ${campaign.state}`)
          if (state === 'active')
            for (const warning of reel.campaigns.warnings(campaign))
              console.error(`warning: ${warning.message}`)
        }),
      )
  campaigns
    .command('results <id>')
    .description('each arm against the goal: entered, exposed, converted, orders and their value')
    .action((id: string) =>
      withReel(async (reel) => {
        const results = await reel.campaigns.results(id)
        if (!results) throw new Error(`no campaign ${id}`)
        console.log(JSON.stringify(results, null, 2))
      }),
    )
  campaigns
    .command('report <id>')
    .description(
      'what the campaign did against its holdout: lifts with always-valid intervals, money after discounts and messages, by segment and day, and a verdict',
    )
    .option('--json', 'print JSON (as GET /api/v1/campaigns/:id/report)')
    .addOption(
      new Option('--locale <locale>', "the verdict's language")
        .choices(['en', 'ko'])
        .default(localeOfShell()),
    )
    .action((id: string, opts: { json?: boolean; locale: Locale }) =>
      withReel(async (reel) => {
        const report = await reel.campaigns.report(id, opts.locale)
        if (!report) throw new Error(`no campaign ${id}`)
        console.log(opts.json ? JSON.stringify(report, null, 2) : renderCampaignReport(report, opts.locale))
      }),
    )
  campaigns
    .command('train-model <id>')
    .description(
      "train an uplift model on the campaign's exposures and outcomes and store it (a later campaign targets with audience.upliftModel)",
    )
    .addOption(new Option('--learner <name>', 'the learner').choices(LEARNER_NAMES).default(DEFAULT_LEARNER))
    .option('--seed <n>', 'seed of any random choice', nonNegativeInt, 0)
    .action((id: string, opts: { learner: string; seed: number }) =>
      withReel(async (reel) => {
        const model = await reel.campaigns.trainUpliftModel(id, opts)
        if (!model) throw new Error(`no campaign ${id}`)
        console.log(JSON.stringify(model, null, 2))
      }),
    )
  campaigns
    .command('run')
    .description(
      'one round now: enrol from new signals, move flows on, deliver the outbox (reel serve does this on its own)',
    )
    .action(() =>
      withReel(async (reel) => {
        const round = await reel.campaigns.runOnce()
        const delivered = await reel.channels.deliverDue()
        // What was just delivered shows at once in `reel campaigns`.
        await reel.campaigns.settleDeliveries()
        console.log(JSON.stringify({ ...round, ...delivered }))
      }),
    )
}

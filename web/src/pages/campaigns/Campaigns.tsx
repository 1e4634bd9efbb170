import './campaigns.css'
import { useQuery } from '@tanstack/react-query'
import { useLocale, useStrings } from '../../i18n'
import { Link, type Route } from '../../router'
import { useSession } from '../../session'
import { Loaded, Table } from '../common'
import { PageHeading } from '../heading'
import { type CampaignSummary, campaignsApi, type ReportGroup } from './api'
import { EstimateText, useTriggerText } from './figures'
import { strings } from './strings'

/** Every campaign with its state, who it reached in each arm, and what it did against its holdout. */
export default function Campaigns(_: { route: Route }) {
  const { t, locale } = useLocale()
  const s = useStrings(strings)
  const { can } = useSession()
  const list = useQuery({ queryKey: ['campaigns'], queryFn: campaignsApi.list })
  const reports = useQuery({
    queryKey: ['campaigns', 'report', locale],
    queryFn: () => campaignsApi.reportAll(locale),
  })
  const trigger = useTriggerText()
  const overall = new Map<string, ReportGroup>(
    (reports.data?.campaigns ?? []).map((c) => [c.campaignId, c.report.overall]),
  )
  const currency = reports.data?.currency ?? null
  return (
    <div className="campaigns-area">
      <PageHeading title={t.pages.campaigns}>
        {can('marketer') && (
          <Link to={{ page: 'campaign-new' }} className="button primary">
            {t.pages['campaign-new']}
          </Link>
        )}
      </PageHeading>
      {/* A section as every page's tables are in: on a phone the table scrolls sideways inside it. */}
      <section aria-label={s.listCaption}>
        <Loaded query={list}>
          {({ campaigns }) =>
            campaigns.length === 0 ? (
              <p>{t.noCampaigns}</p>
            ) : (
              <Table<CampaignSummary>
                caption={s.listCaption}
                rows={campaigns}
                rowKey={(c) => c.id}
                columns={[
                  {
                    label: s.name,
                    rowHeader: true,
                    cell: (c) => <Link to={{ page: 'campaign', id: c.id }}>{c.name}</Link>,
                  },
                  { label: s.trigger, cell: (c) => trigger(c.trigger) },
                  {
                    label: t.state,
                    cell: (c) =>
                      c.state === 'paused' && c.activeSince === null
                        ? s.notStarted
                        : (t.campaignStates[c.state] ?? c.state),
                  },
                  {
                    label: s.exposedArms,
                    className: 'number',
                    cell: (c) => <Arms group={overall.get(c.id)} summary={c} />,
                  },
                  {
                    label: s.conversionLift,
                    className: 'number',
                    cell: (c) => (
                      <EstimateText value={overall.get(c.id)?.analysis.conversion?.absolute} unit="points" />
                    ),
                  },
                  {
                    label: t.profit,
                    className: 'number',
                    cell: (c) => (
                      <EstimateText
                        value={overall.get(c.id)?.analysis.money.incrementalProfit}
                        unit="money"
                        currency={currency}
                      />
                    ),
                  },
                  { label: t.verdict, cell: (c) => overall.get(c.id)?.verdict.text ?? '—' },
                ]}
              />
            )
          }
        </Loaded>
      </section>
    </div>
  )
}

/** Customers exposed in each arm (from the report), or entered while the report is on its way. */
function Arms({ group, summary }: { group: ReportGroup | undefined; summary: CampaignSummary }) {
  const s = useStrings(strings)
  const arms = group?.analysis.arms
  const treatment = arms?.treatment.n ?? summary.enrolled.treatment
  const holdout = arms?.holdout.n ?? summary.enrolled.holdout
  return <>{s.armCounts(treatment, holdout)}</>
}

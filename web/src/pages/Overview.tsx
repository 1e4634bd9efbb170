import { useQuery } from '@tanstack/react-query'
import { api, type Money, type RadarKindSummary } from '../api'
import { useFormat } from '../format'
import { useLocale } from '../i18n'
import { Figure, Loaded, Table, weekStarts } from './common'
import { FirstSteps } from './first-steps'
import { PageHeading } from './heading'
import { KindsTable } from './kinds-table'
import { PredictionsBlock } from './predictions/predictions-block'
import { WeeklyTrendChart } from './weekly-trend-chart'

const WEEKS = 12

/** The won-back count of a kind's last four weeks (this one and the three before). */
function recentWonBack(kind: RadarKindSummary, asOf: string): number {
  const recent = new Set(weekStarts(asOf, 3))
  return kind.trend.filter((w) => recent.has(w.week)).reduce((sum, week) => sum + week.wonBack, 0)
}

/** Totals per currency over every kind. */
function sumMoney(lists: Money[][]): Money[] {
  const totals = new Map<string | null, number>()
  for (const list of lists)
    for (const m of list) totals.set(m.currency, (totals.get(m.currency) ?? 0) + m.amount)
  return [...totals].map(([currency, amount]) => ({ currency, amount }))
}

export default function Overview() {
  const { t, locale } = useLocale()
  const f = useFormat()
  const stats = useQuery({ queryKey: ['stats'], queryFn: api.stats })
  const radar = useQuery({ queryKey: ['radar-summary'], queryFn: () => api.radarSummary(WEEKS) })
  const campaigns = useQuery({
    queryKey: ['campaigns-report', locale],
    queryFn: () => api.campaignsReport(locale),
  })
  const gifts = useQuery({ queryKey: ['gift-figures'], queryFn: api.giftFigures })
  return (
    <>
      <PageHeading title={t.pages.overview} />
      <Loaded query={stats}>
        {(s) => (
          <section aria-labelledby="shop">
            <h2 id="shop">{t.shop}</h2>
            {s.events === 0 && <FirstSteps />}
            <dl className="figures">
              <Figure label={t.customers} value={f.count(s.customers)} />
              <Figure label={t.members} value={f.count(s.members)} />
              <Figure label={t.orders} value={f.count(s.orders)} />
              <Figure label={t.events} value={f.count(s.events)} />
            </dl>
          </section>
        )}
      </Loaded>
      <Loaded query={radar}>
        {(r) => (
          <section aria-labelledby="at-stake">
            <h2 id="at-stake">{t.atStake}</h2>
            <dl className="figures">
              <Figure
                label={t.valueAtStake}
                value={f.moneyList(sumMoney(r.kinds.map((k) => k.valueAtStake)))}
              />
              <Figure
                label={t.wonBackThisMonth}
                value={f.count(r.kinds.reduce((sum, k) => sum + recentWonBack(k, r.asOf), 0))}
              />
            </dl>
            <KindsTable summary={r} />
            <h3>{t.weeklyChart}</h3>
            <WeeklyTrendChart summary={r} weeks={WEEKS} />
          </section>
        )}
      </Loaded>
      <PredictionsBlock />
      <Loaded query={campaigns}>
        {(c) => (
          <section aria-labelledby="profit">
            <h2 id="profit">{t.campaignProfit}</h2>
            {c.campaigns.length === 0 ? (
              <p>{t.noCampaigns}</p>
            ) : (
              <Table
                rows={c.campaigns}
                rowKey={(row) => row.campaignId}
                columns={[
                  { label: t.campaign, cell: (row) => row.name, rowHeader: true },
                  { label: t.state, cell: (row) => t.campaignStates[row.state] ?? row.state },
                  {
                    label: t.profit,
                    cell: (row) => {
                      const profit = row.report.overall.analysis.money.incrementalProfit
                      const money = (amount: number) => f.money({ currency: c.currency, amount })
                      return profit
                        ? `${money(profit.estimate)} (${money(profit.interval.lower)} … ${money(profit.interval.upper)})`
                        : '—'
                    },
                    className: 'number',
                  },
                  { label: t.verdict, cell: (row) => row.report.overall.verdict.text, className: 'prose' },
                ]}
              />
            )}
          </section>
        )}
      </Loaded>
      <Loaded query={gifts}>
        {(g) => (
          <section aria-labelledby="gifts">
            <h2 id="gifts">{t.gifts}</h2>
            <dl className="figures">
              <Figure label={t.giftsSent} value={f.count(g.total.giftsSent)} />
              <Figure label={t.giftsClaimed} value={f.count(g.total.claimed)} />
              <Figure label={t.signUps} value={f.count(g.total.signUps)} />
              <Figure label={t.kFactor} value={g.total.kFactor === null ? '—' : f.number(g.total.kFactor)} />
            </dl>
          </section>
        )}
      </Loaded>
    </>
  )
}

import { useQuery } from '@tanstack/react-query'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import { Figure, Loaded, Table } from '../common'
import {
  type Campaign,
  campaignsApi,
  type Estimate,
  type CampaignReport as Report,
  type ReportGroup,
} from './api'
import { EstimateText, type Unit } from './figures'
import { ArmsChart, DilemmaChart, EstimateBandChart } from './report-charts'
import { strings } from './strings'

/** While it runs, the report is read again now and then (it is computed on the server at each read). */
const LIVE_MS = 10_000

/** What the campaign did against its holdout: the verdict in words, then the figures, drawn and written. */
export function CampaignReport({ campaign }: { campaign: Campaign }) {
  const { locale } = useLocale()
  const s = useStrings(strings)
  const report = useQuery({
    queryKey: ['campaigns', campaign.id, 'report', locale],
    queryFn: () => campaignsApi.report(campaign.id, locale),
    refetchInterval: campaign.state === 'active' ? LIVE_MS : false,
  })
  return (
    <section aria-labelledby="report">
      <h2 id="report">{s.report}</h2>
      <Loaded query={report}>{(r) => <ReportBody report={r} />}</Loaded>
    </section>
  )
}

function ReportBody({ report }: { report: Report }) {
  const s = useStrings(strings)
  const f = useFormat()
  const { analysis, verdict } = report.overall
  const intervalName = report.intervals === 'always-valid' ? s.alwaysValidBand : s.fixedBand
  return (
    <>
      <p className="verdict">
        <strong>{s.verdict}</strong> {verdict.text}
      </p>
      <p className="hint">
        {s.reportAsOf(f.dateTime(report.asOf), intervalName)}
        {report.windowsOpen > 0 && ` ${s.windowsOpen(report.windowsOpen, report.goalDays)}`}
      </p>
      <Figures report={report} />
      {report.daily.length > 0 && (
        <div className="charts">
          <figure>
            <figcaption>{s.armsChart}</figcaption>
            <ArmsChart report={report} />
          </figure>
          <BandFigure report={report} pick={pickConversion} unit="points" title={s.liftChart(intervalName)} />
          <BandFigure report={report} pick={pickProfit} unit="money" title={s.profitChart(intervalName)} />
        </div>
      )}
      <figure>
        <figcaption>{s.dilemmaChart}</figcaption>
        {(analysis.money.discountCost > 0 || analysis.money.incrementalProfit) && (
          <DilemmaChart report={report} />
        )}
        <p>
          {analysis.money.promotionDilemma
            ? s.dilemmaText(
                f.money({
                  currency: report.currency,
                  amount: Math.round(analysis.money.promotionDilemma.discount),
                }),
                f.percent(analysis.money.promotionDilemma.shareOfDiscount),
                f.money({ currency: report.currency, amount: Math.round(analysis.money.discountCost) }),
              )
            : s.noDilemma}
        </p>
      </figure>
      {report.daily.length > 0 && <DailyTable report={report} />}
      <Breakdowns report={report} />
    </>
  )
}

/** A chart of an estimate over the days, or a line saying there is none yet (too few in an arm). */
function BandFigure({
  report,
  pick,
  unit,
  title,
}: {
  report: Report
  pick: (d: Report['daily'][number]) => Estimate | null
  unit: Unit
  title: string
}) {
  const s = useStrings(strings)
  return (
    <figure>
      <figcaption>{title}</figcaption>
      {report.daily.some((d) => pick(d) !== null) ? (
        <EstimateBandChart report={report} pick={pick} unit={unit} label={title} />
      ) : (
        <p className="hint">{s.noEstimateChart}</p>
      )}
    </figure>
  )
}

const pickConversion = (d: Report['daily'][number]) => d.conversion
const pickProfit = (d: Report['daily'][number]) => d.incrementalProfit

function Figures({ report }: { report: Report }) {
  const s = useStrings(strings)
  const f = useFormat()
  const { arms, conversion, money, srm } = report.overall.analysis
  const currency = report.currency
  const amount = (n: number) => f.money({ currency, amount: Math.round(n) })
  return (
    <dl className="figures">
      <Figure label={s.exposedArms} value={s.armCounts(arms.treatment.n, arms.holdout.n)} />
      <Figure
        label={s.conversionByArm}
        value={`${f.percent(arms.treatment.conversionRate)} / ${f.percent(arms.holdout.conversionRate)}`}
      />
      <Figure label={s.conversionLift} value={<EstimateText value={conversion?.absolute} unit="points" />} />
      <Figure
        label={s.incrementalOrders}
        value={<EstimateText value={money.incrementalOrders} unit="count" />}
      />
      <Figure
        label={s.incrementalRevenue}
        value={<EstimateText value={money.incrementalRevenue} unit="money" currency={currency} />}
      />
      <Figure
        label={s.profit}
        value={<EstimateText value={money.incrementalProfit} unit="money" currency={currency} />}
      />
      <Figure label={s.discountPaid} value={amount(money.discountCost)} />
      <Figure label={s.messageCost} value={amount(money.messageCost)} />
      <Figure
        label={s.splitCheck}
        value={srm ? (srm.mismatch ? s.srmMismatch : s.srmFine(f.number(srm.pValue, 3))) : '—'}
      />
    </dl>
  )
}

/** The charts' figures, day by day, for whoever reads them rather than looks. */
function DailyTable({ report }: { report: Report }) {
  const s = useStrings(strings)
  const f = useFormat()
  return (
    <details>
      <summary>{s.dailyFigures}</summary>
      <Table
        caption={s.dailyCaption}
        rows={report.daily}
        rowKey={(d) => d.day}
        columns={[
          { label: s.day, rowHeader: true, cell: (d) => f.date(`${d.day}T12:00:00Z`) },
          { label: s.exposedArms, className: 'number', cell: (d) => s.armCounts(d.treatment, d.holdout) },
          {
            label: s.conversionByArm,
            className: 'number',
            cell: (d) => `${f.percent(d.conversionRate.treatment)} / ${f.percent(d.conversionRate.holdout)}`,
          },
          {
            label: s.conversionLift,
            className: 'number',
            cell: (d) => <EstimateText value={d.conversion} unit="points" />,
          },
          {
            label: s.profit,
            className: 'number',
            cell: (d) => <EstimateText value={d.incrementalProfit} unit="money" currency={report.currency} />,
          },
        ]}
      />
    </details>
  )
}

/** The same analysis by trigger, buyer segment and spend band, each with its own verdict. */
function Breakdowns({ report }: { report: Report }) {
  const s = useStrings(strings)
  const { t } = useLocale()
  // A trigger group is keyed as the server describes the trigger: `signal cart_abandoned`, `event …`.
  const groupName = (by: 'trigger' | 'buyer' | 'spendBand', key: string) => {
    if (by !== 'trigger') return s.groupKeys[key as keyof typeof s.groupKeys] ?? key
    const [type, ...rest] = key.split(' ')
    const name = rest.join(' ')
    return type === 'signal' ? (t.kinds[name] ?? name) : type === 'event' ? name : s.triggerTypes.segment
  }
  const rows = (['trigger', 'buyer', 'spendBand'] as const).flatMap((by) =>
    report.breakdowns[by].map((group) => ({ by, group })),
  )
  if (rows.length === 0) return null
  return (
    <Table<{ by: 'trigger' | 'buyer' | 'spendBand'; group: ReportGroup }>
      caption={s.breakdownCaption}
      rows={rows}
      rowKey={(r) => `${r.by}:${r.group.key}`}
      columns={[
        {
          label: s.group,
          rowHeader: true,
          cell: (r) => `${s.breakdowns[r.by]}: ${groupName(r.by, r.group.key)}`,
        },
        {
          label: s.exposedArms,
          className: 'number',
          cell: (r) => s.armCounts(r.group.analysis.arms.treatment.n, r.group.analysis.arms.holdout.n),
        },
        {
          label: s.conversionLift,
          className: 'number',
          cell: (r) => <EstimateText value={r.group.analysis.conversion?.absolute} unit="points" />,
        },
        { label: s.verdict, className: 'prose', cell: (r) => r.group.verdict.text },
      ]}
    />
  )
}

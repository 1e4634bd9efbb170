import './campaigns.css'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import type { Route } from '../../router'
import { useSession } from '../../session'
import { Loaded } from '../common'
import { PageHeading } from '../heading'
import { type Campaign as CampaignData, campaignsApi } from './api'
import { CampaignActions } from './campaign-actions'
import { CampaignForm } from './campaign-form'
import { draftOf } from './draft'
import { Exposures } from './exposures'
import { useTriggerText } from './figures'
import { CampaignReport } from './report-view'
import { strings } from './strings'

/** One campaign: what it is, what can be done with it, whom it reached and what it did. */
export default function Campaign({ route }: { route: Route }) {
  const { t } = useLocale()
  const id = route.page === 'campaign' ? route.id : ''
  const campaign = useQuery({ queryKey: ['campaigns', id], queryFn: () => campaignsApi.get(id) })
  return (
    <div className="campaigns-area">
      <PageHeading title={campaign.data?.name ?? t.pages.campaign}>
        {campaign.data && <CampaignActions campaign={campaign.data} />}
      </PageHeading>
      <Loaded query={campaign}>{(c) => <CampaignBody campaign={c} />}</Loaded>
    </div>
  )
}

function CampaignBody({ campaign }: { campaign: CampaignData }) {
  const s = useStrings(strings)
  const { can } = useSession()
  const client = useQueryClient()
  const [editing, setEditing] = useState(false)
  // Only a campaign that never ran is edited here: a running one's report would mix two definitions.
  const editable = can('marketer') && campaign.activeSince === null && campaign.state !== 'archived'
  return (
    <>
      <section aria-labelledby="definition">
        <h2 id="definition">{s.definition}</h2>
        {editing ? (
          <CampaignForm
            initial={draftOf(campaign)}
            submitLabel={s.saveChanges}
            save={(input) => campaignsApi.update(campaign.id, input)}
            onSaved={(saved) => {
              client.setQueryData(['campaigns', campaign.id], saved)
              setEditing(false)
            }}
          />
        ) : (
          <Definition campaign={campaign} />
        )}
        {editable && (
          <button type="button" onClick={() => setEditing(!editing)}>
            {editing ? s.cancelEdit : s.edit}
          </button>
        )}
      </section>
      <CampaignReport campaign={campaign} />
      <Exposures campaign={campaign} />
    </>
  )
}

function Definition({ campaign }: { campaign: CampaignData }) {
  const { t } = useLocale()
  const s = useStrings(strings)
  const f = useFormat()
  const trigger = useTriggerText()
  const rules = Array.isArray(campaign.audience) ? campaign.audience : campaign.audience.rules
  const capText = (['perChannelPerDay', 'perChannelPerWeek', 'globalPerWeek'] as const)
    .filter((cap) => campaign.caps[cap] !== undefined)
    .map((cap) => `${s.caps[cap]}: ${campaign.caps[cap]}`)
  return (
    <dl className="definition">
      <dt>{t.state}</dt>
      <dd>
        {campaign.activeSince === null && campaign.state === 'paused'
          ? s.notStarted
          : (t.campaignStates[campaign.state] ?? campaign.state)}
        {campaign.activeSince && ` · ${s.activeSince(f.dateTime(campaign.activeSince))}`}
      </dd>
      <dt>{s.trigger}</dt>
      <dd>{trigger(campaign.trigger)}</dd>
      <dt>{s.audienceShort}</dt>
      <dd>
        {rules.length === 0
          ? s.everyMember
          : rules
              .map(
                (r) =>
                  `${s.profileFields[r.field as keyof typeof s.profileFields] ?? r.field} ${r.op} ${r.value}`,
              )
              .join(' · ')}
      </dd>
      <dt>{s.steps}</dt>
      <dd>
        <ol className="flow">
          {campaign.steps.map((step, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a step is its place in the flow, which is read-only here
            <li key={i}>
              {step.type === 'send'
                ? s.sendStep(s.channels[step.channel], step.template)
                : step.type === 'wait'
                  ? s.waitStep(step.hours)
                  : `${s.stepTypes.condition}: ${s.conditions[step.check as keyof typeof s.conditions] ?? step.check}`}
            </li>
          ))}
        </ol>
      </dd>
      <dt>{s.holdoutShort}</dt>
      <dd>{f.percent(campaign.holdoutShare)}</dd>
      <dt>{s.goalShort}</dt>
      <dd>{s.goalText(campaign.goalDays)}</dd>
      <dt>{s.limits}</dt>
      <dd>{[...(capText.length ? capText : [s.noCaps]), s.quiet[campaign.quietHours]].join(' · ')}</dd>
    </dl>
  )
}

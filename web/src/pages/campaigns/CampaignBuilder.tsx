import './campaigns.css'
import { useLocale, useStrings } from '../../i18n'
import { navigate, type Route } from '../../router'
import { useSession } from '../../session'
import { PageHeading } from '../heading'
import { campaignsApi } from './api'
import { CampaignForm } from './campaign-form'
import { newDraft } from './draft'
import { strings } from './strings'

/** A new campaign, created paused (the API's way): its page then offers Start. */
export default function CampaignBuilder(_: { route: Route }) {
  const { t } = useLocale()
  const s = useStrings(strings)
  const { can } = useSession()
  return (
    <div className="campaigns-area">
      <PageHeading title={t.pages['campaign-new']} />
      {!can('marketer') && <p className="notice">{s.viewerCannotCreate}</p>}
      <p className="hint">{s.builderIntro}</p>
      <CampaignForm
        initial={newDraft()}
        submitLabel={s.create}
        save={campaignsApi.create}
        onSaved={(campaign) => navigate({ page: 'campaign', id: campaign.id })}
      />
    </div>
  )
}

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useStrings } from '../../i18n'
import { useSession } from '../../session'
import { type Campaign, campaignsApi, type Warning } from './api'
import { strings } from './strings'

type Action = 'resume' | 'pause' | 'archive'

/**
 * Start (a campaign that never ran: they are created paused, and `resume` starts them), resume, pause and
 * archive, for marketers and admins; a viewer sees none. The server's refusal, and its warnings on start
 * (a channel with no provider), are shown as it gave them.
 */
export function CampaignActions({ campaign }: { campaign: Campaign }) {
  const s = useStrings(strings)
  const { can } = useSession()
  const client = useQueryClient()
  const [warnings, setWarnings] = useState<Warning[]>([])
  const [confirmArchive, setConfirmArchive] = useState(false)
  const act = useMutation({
    mutationFn: (action: Action) => campaignsApi.act(campaign.id, action),
    onSuccess: async ({ warnings: w, ...saved }) => {
      setWarnings(w)
      setConfirmArchive(false)
      client.setQueryData(['campaigns', campaign.id], saved)
      await client.invalidateQueries({ queryKey: ['campaigns'] })
    },
  })
  if (!can('marketer')) return null
  const neverRan = campaign.activeSince === null
  const button = (action: Action, label: string) => (
    <button type="button" disabled={act.isPending} onClick={() => act.mutate(action)}>
      {label}
    </button>
  )
  return (
    <div className="campaign-actions">
      {(campaign.state === 'paused' || campaign.state === 'draft') &&
        button('resume', neverRan ? s.start : s.resume)}
      {campaign.state === 'active' && button('pause', s.pause)}
      {campaign.state !== 'archived' &&
        (confirmArchive ? (
          <>
            {button('archive', s.confirmArchive)}
            <button type="button" onClick={() => setConfirmArchive(false)}>
              {s.cancel}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmArchive(true)}>
            {s.archive}
          </button>
        ))}
      <div aria-live="polite" className="action-messages">
        {act.isError && (
          <p className="error" role="alert">
            {s.refusedAction(act.error.message)}
          </p>
        )}
        {warnings.length > 0 && (
          <ul className="notice">
            {warnings.map((w) => (
              <li key={w.step}>{s.stepWarning(w.step, w.message)}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  )
}

import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Announcement, useAnnounced } from '../outbox/announce'
import { predictionsApi } from './api'
import { strings } from './strings'

/**
 * Refits the predictions now (marketers and admins) and says what came of it. A refit changes every
 * customer's predictions and may raise churn risks on the radar: every query is read again after it.
 */
export function RefitButton() {
  const s = useStrings(strings)
  const f = useFormat()
  const { mutation, said } = useAnnounced(async () => {
    const fit = await predictionsApi.fit()
    return fit.status === 'ok'
      ? s.refitted(
          f.count(fit.customers),
          f.count(fit.repeatBuyers),
          f.number(fit.seconds, 1),
          f.count(fit.churnRiskRaised),
        )
      : s.refitFailed(fit.reason ?? fit.status)
  }, [])
  return (
    <div className="refit">
      <button type="button" disabled={mutation.isPending} onClick={() => mutation.mutate(undefined)}>
        {mutation.isPending ? s.refitting : s.refit}
      </button>
      <Announcement said={said} className="refit-said" />
    </div>
  )
}

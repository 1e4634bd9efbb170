import { useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useStrings } from '../../i18n'
import { Announcement, useAnnounced } from './announce'
import { type Channel, outboxApi } from './api'
import { strings } from './strings'

/** One configured channel's test form (admins): the answer says the state the one try reached. */
export function TestMessage({ channel }: { channel: Channel }) {
  const s = useStrings(strings)
  const id = useId()
  const [to, setTo] = useState('')
  const queryClient = useQueryClient()
  const { mutation, said } = useAnnounced(
    async (address: string) => {
      const answer = await outboxApi.sendTest(channel, address)
      // The message is in the outbox now: the list shows it.
      void queryClient.invalidateQueries({ queryKey: ['outbox-messages'] })
      return s.testOutcome(answer.id, answer.state, answer.lastError)
    },
    ['outbox-channels'],
  )
  return (
    <form
      className="outbox-test"
      onSubmit={(e) => {
        e.preventDefault()
        mutation.mutate(to)
      }}
    >
      <label htmlFor={id}>{s.testTo(s.channelNames[channel])}</label>
      <div className="outbox-test-row">
        <input
          id={id}
          type={channel === 'email' ? 'email' : 'text'}
          required
          value={to}
          placeholder={s.testPlaceholder[channel]}
          onChange={(e) => setTo(e.target.value)}
        />
        <button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? s.sendingTest : s.send}
        </button>
      </div>
      <Announcement said={said} className="outbox-said" />
    </form>
  )
}

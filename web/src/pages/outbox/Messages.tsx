import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Link } from '../../router'
import { useSession } from '../../session'
import { Loaded, Pager, Table, useCursorPages } from '../common'
import { Announcement, useAnnounced } from './announce'
import { CHANNELS, type MessagePage, OUTBOX_STATES, type OutboxMessage, outboxApi } from './api'
import { strings } from './strings'

const PAGE = 50

/** The outbox's messages, newest first, filtered and paged by the server (earlier cursors kept for Back). */
export function Messages() {
  const s = useStrings(strings)
  const f = useFormat()
  const { can } = useSession()
  const queryClient = useQueryClient()
  const [state, setState] = useState('')
  const [channel, setChannel] = useState('')
  const pages = useCursorPages()
  const after = pages.cursor
  const legendId = useId()
  const queryKey = ['outbox-messages', state, channel, after]
  const page = useQuery({
    queryKey,
    queryFn: () => outboxApi.messages({ state, channel, ...(after ? { after } : {}), limit: PAGE }),
    placeholderData: keepPreviousData,
  })
  // The row shows the state the server answered; the next read of the page shows where it went since.
  const retry = useAnnounced(
    async (id: string) => {
      const answer = await outboxApi.retry(id)
      queryClient.setQueryData<MessagePage>(
        queryKey,
        (old) =>
          old && {
            ...old,
            messages: old.messages.map((m) => (m.id === id ? { ...m, state: answer.state, attempts: 0 } : m)),
          },
      )
      return s.retried(id, answer.retried)
    },
    ['outbox-channels'],
  )
  const refilter = (set: (value: string) => void) => (value: string) => {
    set(value)
    pages.first()
  }
  const columns = [
    { label: s.created, cell: (m: OutboxMessage) => f.dateTime(m.createdAt) },
    { label: s.customer, cell: (m: OutboxMessage) => <Recipient message={m} />, rowHeader: true },
    { label: s.channel, cell: (m: OutboxMessage) => s.channelNames[m.channel] },
    { label: s.message, cell: (m: OutboxMessage) => <Content message={m} />, className: 'prose' },
    { label: s.state, cell: (m: OutboxMessage) => s.states[m.state] },
    { label: s.attempts, cell: (m: OutboxMessage) => f.count(m.attempts), className: 'number' },
    { label: s.lastError, cell: (m: OutboxMessage) => m.lastError ?? '—', className: 'prose' },
    ...(can('marketer')
      ? [
          {
            label: s.action,
            cell: (m: OutboxMessage) =>
              m.state === 'dead' || m.state === 'failed' ? (
                <button
                  type="button"
                  aria-label={s.retryLabel(m.id)}
                  disabled={retry.mutation.isPending}
                  onClick={() => retry.mutation.mutate(m.id)}
                >
                  {s.retry}
                </button>
              ) : null,
          },
        ]
      : []),
  ]
  return (
    <section aria-labelledby="outbox-messages">
      <h2 id="outbox-messages">{s.messagesHeading}</h2>
      <fieldset className="filters" aria-labelledby={legendId}>
        <legend id={legendId} className="visually-hidden">
          {s.messagesHeading}
        </legend>
        <label>
          {s.state}{' '}
          <select value={state} onChange={(e) => refilter(setState)(e.target.value)}>
            <option value="">{s.allStates}</option>
            {OUTBOX_STATES.map((v) => (
              <option key={v} value={v}>
                {s.states[v]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.channel}{' '}
          <select value={channel} onChange={(e) => refilter(setChannel)(e.target.value)}>
            <option value="">{s.allChannels}</option>
            {CHANNELS.map((v) => (
              <option key={v} value={v}>
                {s.channelNames[v]}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <Announcement said={retry.said} />
      <Loaded query={page}>
        {(p) =>
          p.messages.length === 0 ? (
            <p>{s.noMessages}</p>
          ) : (
            <>
              <Table rows={p.messages} rowKey={(m) => m.id} columns={columns} />
              <Pager pages={pages} next={p.next} />
            </>
          )
        }
      </Loaded>
    </section>
  )
}

/** Whom a message is for: its customer, or the address a test message went to. */
function Recipient({ message }: { message: OutboxMessage }) {
  const s = useStrings(strings)
  if (typeof message.metadata.testBy === 'string')
    return (
      <>
        {s.testMessage}
        <span className="outbox-to">{message.to}</span>
      </>
    )
  return <Link to={{ page: 'customer', id: message.customerId }}>{message.customerId}</Link>
}

/** What a message says (its subject, else the start of its text), and the campaign that sent it. */
function Content({ message }: { message: OutboxMessage }) {
  const s = useStrings(strings)
  const campaignId = message.metadata.campaignId
  const text = message.subject ?? message.text
  return (
    <>
      {text.length > 80 ? `${text.slice(0, 80)}…` : text}
      {typeof campaignId === 'string' && (
        <>
          {' · '}
          <Link to={{ page: 'campaign', id: campaignId }}>{s.campaign}</Link>
        </>
      )}
    </>
  )
}

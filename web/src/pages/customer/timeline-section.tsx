import { useQuery } from '@tanstack/react-query'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Loaded, Table } from '../common'
import { customerApi, type TimelineEvent } from './api'
import { Section } from './section'
import { label, strings } from './strings'

interface Entry {
  key: string
  at: string
  what: string
  detail: string
}

/** The customer's latest events and the messages Reel sent them, in one list, newest first. */
export function TimelineSection({ id, events }: { id: string; events: TimelineEvent[] }) {
  const s = useStrings(strings)
  const f = useFormat()
  const messages = useQuery({ queryKey: ['customer-messages', id], queryFn: () => customerApi.messages(id) })
  return (
    <Section title={s.timeline}>
      <Loaded query={messages}>
        {({ messages: sent }) => {
          const entries: Entry[] = [
            ...events.map((e) => ({
              key: `event-${e.seq}`,
              at: e.timestamp,
              what: e.event ?? e.name ?? e.type,
              detail: e.type,
            })),
            ...sent.map((m) => ({
              key: `message-${m.id}`,
              at: m.createdAt,
              what: `${s.message}: ${label(s.channels, m.channel)} · ${label(s.messageTypes, m.messageType)}`,
              detail: [m.subject, label(s.messageStates, m.state)].filter(Boolean).join(' · '),
            })),
          ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
          return entries.length === 0 ? (
            <p>{s.none}</p>
          ) : (
            <Table
              caption={s.timelineCaption}
              rows={entries}
              rowKey={(e) => e.key}
              columns={[
                { label: s.when, cell: (e) => f.dateTime(e.at) },
                { label: s.what, cell: (e) => e.what },
                { label: s.detail, cell: (e) => e.detail, className: 'prose' },
              ]}
            />
          )
        }}
      </Loaded>
    </Section>
  )
}

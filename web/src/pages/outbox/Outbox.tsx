import './outbox.css'
import { useQuery } from '@tanstack/react-query'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import type { Route } from '../../router'
import { useSession } from '../../session'
import { Loaded, Table } from '../common'
import { PageHeading } from '../heading'
import { type ChannelOverview, OUTBOX_STATES, outboxApi, PROVIDER_SETTING } from './api'
import { Messages } from './Messages'
import { strings } from './strings'
import { TestMessage } from './TestMessage'

export default function Outbox(_: { route: Route }) {
  const { t } = useLocale()
  const s = useStrings(strings)
  const { can } = useSession()
  const channels = useQuery({ queryKey: ['outbox-channels'], queryFn: outboxApi.channels })
  return (
    <>
      <PageHeading title={t.pages.outbox} />
      <section aria-labelledby="outbox-channels">
        <h2 id="outbox-channels">{s.channelsHeading}</h2>
        <Loaded query={channels}>{(c) => <ChannelsTable channels={c.channels} />}</Loaded>
      </section>
      {can('admin') && channels.data && (
        <section aria-labelledby="outbox-test">
          <h2 id="outbox-test">{s.testHeading}</h2>
          <p>{s.testIntro}</p>
          <div className="outbox-tests">
            {channels.data.channels
              .filter((c) => c.configured)
              .map((c) => (
                <TestMessage key={c.channel} channel={c.channel} />
              ))}
          </div>
        </section>
      )}
      <Messages />
    </>
  )
}

function ChannelsTable({ channels }: { channels: ChannelOverview[] }) {
  const s = useStrings(strings)
  const f = useFormat()
  return (
    <Table
      rows={channels}
      rowKey={(c) => c.channel}
      columns={[
        { label: s.channel, cell: (c) => s.channelNames[c.channel], rowHeader: true },
        {
          label: s.provider,
          cell: (c) => (c.configured ? s.configured : s.notConfigured(PROVIDER_SETTING[c.channel] ?? '')),
          className: 'prose',
        },
        ...OUTBOX_STATES.map((state) => ({
          label: s.states[state],
          cell: (c: ChannelOverview) => f.count(c.messages[state]),
          className: 'number',
        })),
        { label: s.waiting, cell: (c) => f.count(c.waitingForProvider), className: 'number' },
      ]}
    />
  )
}

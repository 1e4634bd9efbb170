import { useQuery } from '@tanstack/react-query'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Loaded, Table } from '../common'
import { type ConsentChoice, customerApi } from './api'
import { Section } from './section'
import { label, strings } from './strings'

/** What the customer lets Reel send: a row per personal channel, a column per message type. */
export function ConsentSection({ id }: { id: string }) {
  const s = useStrings(strings)
  const f = useFormat()
  const consent = useQuery({ queryKey: ['customer-consent', id], queryFn: () => customerApi.consent(id) })
  const say = (c: ConsentChoice) => {
    if (c.source === 'default') return `${s.notAsked} (${c.allowed ? s.defaultSends : s.defaultHolds})`
    const decided = s.decided(c.allowed ? s.granted : s.denied, label(s.sources, c.source))
    return c.changedAt ? `${decided}, ${f.dateTime(c.changedAt)}` : decided
  }
  return (
    <Section title={s.consent}>
      <Loaded query={consent}>
        {({ choices }) => {
          const channels = [...new Set(choices.map((c) => c.channel))]
          const types = [...new Set(choices.map((c) => c.messageType))]
          return (
            <Table
              caption={s.consentCaption}
              rows={channels}
              rowKey={(channel) => channel}
              columns={[
                { label: s.channel, rowHeader: true, cell: (channel) => label(s.channels, channel) },
                ...types.map((type) => ({
                  label: label(s.messageTypes, type),
                  cell: (channel: string) => {
                    const choice = choices.find((c) => c.channel === channel && c.messageType === type)
                    return (
                      choice && (
                        <span
                          className={`consent-${choice.source === 'default' ? 'unknown' : choice.allowed ? 'granted' : 'denied'}`}
                        >
                          {say(choice)}
                        </span>
                      )
                    )
                  },
                })),
              ]}
            />
          )
        }}
      </Loaded>
    </Section>
  )
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { ApiError } from '../../api'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { useSession } from '../../session'
import { Loaded, Table } from '../common'
import { type ConnectorListing, type ConnectorPlatform, settingsApi } from './api'
import { connectorStrings } from './connector-strings'

const problem = (error: unknown) => (error instanceof ApiError ? error.message : String(error))

/** Shop connectors: per platform, the URL to paste, the topics to subscribe, shops and recent deliveries. */
export function Connectors() {
  const s = useStrings(connectorStrings)
  const listing = useQuery({ queryKey: ['connectors'], queryFn: settingsApi.connectors })
  return (
    <section aria-labelledby="settings-connectors">
      <h2 id="settings-connectors">{s.heading}</h2>
      <p>{s.intro}</p>
      <Loaded query={listing}>
        {(v) => (
          <>
            {v.connectors.map((c) => (
              <Platform key={c.platform} connector={c} />
            ))}
          </>
        )}
      </Loaded>
    </section>
  )
}

function Platform({ connector: c }: { connector: ConnectorListing }) {
  const s = useStrings(connectorStrings)
  const f = useFormat()
  const { can } = useSession()
  const [copied, setCopied] = useState<string | null>(null)
  const headingId = useId()
  const name = s.platformName[c.platform]
  const variable = `REEL_${c.platform.toUpperCase()}_WEBHOOK_SECRET`
  return (
    <section className="settings-connector" aria-labelledby={headingId}>
      <h3 id={headingId}>{name}</h3>
      <dl className="settings-list">
        <div>
          <dt>{s.webhookUrl}</dt>
          <dd>
            <code className="settings-url">{c.webhookUrl}</code>{' '}
            <button
              type="button"
              aria-label={`${s.copyUrl} (${name})`}
              onClick={() =>
                navigator.clipboard.writeText(c.webhookUrl).then(
                  () => setCopied(s.copied),
                  () => setCopied(s.copyFailed),
                )
              }
            >
              {s.copyUrl}
            </button>{' '}
            <span role="status">{copied}</span>
          </dd>
        </div>
        <div>
          <dt>{s.topics}</dt>
          <dd>
            <ul className="settings-topics">
              {c.topics.map((t) => (
                <li key={t}>
                  <code>{t}</code>
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{s.shops}</dt>
          <dd>
            {c.shops.length === 0 && !c.environmentSecret ? (
              s.noShops
            ) : (
              <ul>
                {c.shops.map((shop) => (
                  <li key={shop.shop}>
                    {shop.shop} ({s.added} {f.dateTime(shop.addedAt)})
                  </li>
                ))}
                {c.environmentSecret && <li>{s.environment(variable)}</li>}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {can('admin') && <ConnectShop platform={c.platform} />}
      {c.activity.length === 0 ? (
        <p>{s.noDeliveries}</p>
      ) : (
        <Table
          caption={`${name}: ${s.deliveries}`}
          rows={c.activity}
          rowKey={(a) => `${a.shop} ${a.topic}`}
          columns={[
            { label: s.shop, cell: (a) => a.shop },
            { label: s.topic, cell: (a) => <code>{a.topic}</code>, rowHeader: true },
            { label: s.deliveries, cell: (a) => f.number(a.deliveries), className: 'number' },
            { label: s.quarantined, cell: (a) => f.number(a.quarantined), className: 'number' },
            { label: s.lastDelivery, cell: (a) => f.dateTime(a.lastDeliveryAt) },
            {
              label: s.lastError,
              className: 'prose',
              cell: (a) =>
                a.lastProblem ? `${f.dateTime(a.lastProblemAt ?? a.lastDeliveryAt)}: ${a.lastProblem}` : '—',
            },
          ]}
        />
      )}
    </section>
  )
}

function ConnectShop({ platform }: { platform: ConnectorPlatform }) {
  const s = useStrings(connectorStrings)
  const queryClient = useQueryClient()
  const shopId = useId()
  const secretId = useId()
  const [shop, setShop] = useState('')
  const [secret, setSecret] = useState('')
  const connect = useMutation({
    mutationFn: () => settingsApi.connectShop(platform, shop, secret),
    onSuccess: () => {
      setShop('')
      setSecret('')
      return queryClient.invalidateQueries({ queryKey: ['connectors'] })
    },
  })
  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault()
        connect.mutate()
      }}
    >
      <label htmlFor={shopId}>{s.newShop}</label>
      <input
        id={shopId}
        required
        maxLength={300}
        placeholder={s.shopHint[platform]}
        value={shop}
        onChange={(e) => setShop(e.target.value)}
      />
      <label htmlFor={secretId}>{s.secret}</label>
      <input
        id={secretId}
        type="password"
        autoComplete="off"
        required
        minLength={8}
        maxLength={500}
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
      />
      <button type="submit" disabled={connect.isPending}>
        {connect.isPending ? s.connecting : s.connect}
      </button>
      {connect.isError && (
        <p role="alert" className="error settings-form-error">
          {problem(connect.error)}
        </p>
      )}
      {connect.isSuccess && (
        <p role="status" className="settings-form-error">
          {s.connected(connect.data.shop)}
        </p>
      )}
    </form>
  )
}

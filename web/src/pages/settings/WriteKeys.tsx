import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { ApiError } from '../../api'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Loaded, Table } from '../common'
import { Announcement, useAnnounced } from '../outbox/announce'
import { settingsApi, type WriteKey } from './api'
import { ConfirmedAction } from './confirmed'
import { strings } from './strings'

/** A key in the list: its last characters tell keys apart; the rest is not shown. */
const masked = (key: string) => `…${key.slice(-4)}`
const problem = (error: unknown) => (error instanceof ApiError ? error.message : String(error))

/** Write keys (admins): the list, creating one (the key shown once), revoking one. */
export function WriteKeys() {
  const s = useStrings(strings)
  const f = useFormat()
  const keys = useQuery({ queryKey: ['write-keys'], queryFn: settingsApi.writeKeys })
  const { mutation: revoke, said } = useAnnounced(
    async (k: WriteKey) => {
      await settingsApi.revokeWriteKey(k.key)
      return s.revokedKey(k.name)
    },
    ['write-keys'],
  )
  return (
    <section aria-labelledby="settings-keys">
      <h2 id="settings-keys">{s.keysHeading}</h2>
      <p>{s.keysIntro}</p>
      <CreateKey />
      <Announcement said={said} />
      <Loaded query={keys}>
        {(k) =>
          k.writeKeys.length === 0 ? (
            <p>{s.noKeys}</p>
          ) : (
            <Table
              rows={k.writeKeys}
              rowKey={(w) => w.key}
              columns={[
                { label: s.keyName, cell: (w) => w.name, rowHeader: true },
                { label: s.key, cell: (w) => <code className="settings-masked">{masked(w.key)}</code> },
                { label: s.created, cell: (w) => f.dateTime(w.createdAt) },
                {
                  label: s.status,
                  cell: (w) => (w.revokedAt ? `${s.revoked} ${f.dateTime(w.revokedAt)}` : s.active),
                },
                {
                  label: s.action,
                  className: 'prose',
                  cell: (w: WriteKey) =>
                    w.revokedAt ? null : (
                      <ConfirmedAction
                        text={s.revoke}
                        label={s.revokeLabel(w.name)}
                        question={s.confirmRevoke(w.name)}
                        yes={s.confirm}
                        no={s.cancel}
                        busy={revoke.isPending}
                        onConfirm={() => revoke.mutate(w)}
                      />
                    ),
                },
              ]}
            />
          )
        }
      </Loaded>
    </section>
  )
}

/** The create form, and the new key shown this once with a copy button and a first event to send. */
function CreateKey() {
  const s = useStrings(strings)
  const queryClient = useQueryClient()
  const nameId = useId()
  const [name, setName] = useState('')
  const [copied, setCopied] = useState<string | null>(null)
  const create = useMutation({
    mutationFn: settingsApi.createWriteKey,
    onSuccess: () => {
      setName('')
      setCopied(null)
      return queryClient.invalidateQueries({ queryKey: ['write-keys'] })
    },
  })
  const made = create.data
  const curl =
    made &&
    `curl -u ${made.key}: ${window.location.origin}/v1/track -H 'content-type: application/json' \\\n  -d '{"anonymousId":"key-check","event":"Key Checked"}'`
  return (
    <>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate(name)
        }}
      >
        <label htmlFor={nameId}>{s.newKeyName}</label>
        <input id={nameId} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? s.creating : s.createKey}
        </button>
      </form>
      {create.isError && (
        <p role="alert" className="error">
          {problem(create.error)}
        </p>
      )}
      {made && (
        <section className="settings-new-key" aria-labelledby={`${nameId}-made`}>
          <p id={`${nameId}-made`}>{s.createdOnce(made.name)}</p>
          <p>
            <code className="settings-key">{made.key}</code>{' '}
            <button
              type="button"
              onClick={() =>
                navigator.clipboard.writeText(made.key).then(
                  () => setCopied(s.copied),
                  () => setCopied(s.copyFailed),
                )
              }
            >
              {s.copy}
            </button>{' '}
            <span role="status">{copied}</span>
          </p>
          <p>{s.firstEvent}</p>
          <pre>
            <code>{curl}</code>
          </pre>
          <button type="button" onClick={() => create.reset()}>
            {s.dismiss}
          </button>
        </section>
      )}
    </>
  )
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { ApiError, type Role } from '../../api'
import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import { useSession } from '../../session'
import { Loaded, Table } from '../common'
import { Announcement, useAnnounced } from '../outbox/announce'
import { settingsApi, type User } from './api'
import { ConfirmedAction } from './confirmed'
import { strings } from './strings'

const ROLES: Role[] = ['viewer', 'marketer', 'admin']
const problem = (error: unknown) => (error instanceof ApiError ? error.message : String(error))

/** Who may sign in (admins only): the list, adding one, removing one after a confirmation. */
export function Users() {
  const s = useStrings(strings)
  const { t } = useLocale()
  const f = useFormat()
  const { user: me } = useSession()
  const users = useQuery({ queryKey: ['users'], queryFn: settingsApi.users })
  const [added, setAdded] = useState<string | null>(null)
  const { mutation: remove, said } = useAnnounced(
    async (email: string) => {
      await settingsApi.removeUser(email)
      setAdded(null)
      return s.removed(email)
    },
    ['users'],
  )
  return (
    <section aria-labelledby="settings-users">
      <h2 id="settings-users">{s.usersHeading}</h2>
      <p>{s.roleHelp}</p>
      <AddUser onAdded={(email) => setAdded(s.added(email))} />
      <Announcement said={added ? { text: added, failed: false } : said} />
      <Loaded query={users}>
        {(u) => (
          <Table
            rows={u.users}
            rowKey={(x) => x.email}
            columns={[
              {
                label: s.email,
                rowHeader: true,
                cell: (x: User) =>
                  x.email.toLowerCase() === me.email.toLowerCase() ? `${x.email} ${s.you}` : x.email,
              },
              { label: s.role, cell: (x: User) => t.roles[x.role] },
              { label: s.created, cell: (x: User) => f.dateTime(x.createdAt) },
              {
                label: s.action,
                className: 'prose',
                cell: (x: User) =>
                  x.email.toLowerCase() === me.email.toLowerCase() ? null : (
                    <ConfirmedAction
                      text={s.remove}
                      label={s.removeLabel(x.email)}
                      question={s.confirmRemove(x.email)}
                      yes={s.confirmRemoveButton}
                      no={s.cancel}
                      busy={remove.isPending}
                      onConfirm={() => remove.mutate(x.email)}
                    />
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  )
}

function AddUser({ onAdded }: { onAdded: (email: string) => void }) {
  const s = useStrings(strings)
  const { t } = useLocale()
  const queryClient = useQueryClient()
  const id = useId()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('viewer')
  const [password, setPassword] = useState('')
  const add = useMutation({
    mutationFn: settingsApi.addUser,
    onSuccess: (user) => {
      setEmail('')
      setPassword('')
      onAdded(user.email)
      return queryClient.invalidateQueries({ queryKey: ['users'] })
    },
  })
  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault()
        add.mutate({ email, role, password })
      }}
    >
      <label htmlFor={`${id}-email`}>{s.email}</label>
      <input
        id={`${id}-email`}
        type="email"
        required
        autoComplete="off"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <label htmlFor={`${id}-role`}>{s.role}</label>
      <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t.roles[r]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-password`}>{s.password}</label>
      <input
        id={`${id}-password`}
        type="password"
        required
        minLength={12}
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? s.adding : s.addUser}
      </button>
      {add.isError && (
        <p role="alert" className="error settings-form-error">
          {problem(add.error)}
        </p>
      )}
    </form>
  )
}

import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { ApiError, api } from './api'
import { useLocale } from './i18n'
import { LanguagePicker } from './LanguagePicker'

export function SignIn() {
  const { t } = useLocale()
  const queries = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const errorId = useId()
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setBusy(true)
    setError(null)
    try {
      const session = await api.signIn(String(form.get('email')), String(form.get('password')))
      queries.setQueryData(['session'], session)
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 401 ? t.badCredentials : String(caught))
    } finally {
      setBusy(false)
    }
  }
  return (
    <main className="sign-in">
      <h1>{t.signInTitle}</h1>
      <form onSubmit={submit} aria-describedby={error ? errorId : undefined}>
        <label>
          {t.email}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
        <button type="submit" disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
      <LanguagePicker />
    </main>
  )
}

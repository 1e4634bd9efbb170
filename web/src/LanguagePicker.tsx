import { type Locale, useLocale } from './i18n'

export function LanguagePicker() {
  const { t, locale, setLocale } = useLocale()
  return (
    <label className="language">
      {t.language}{' '}
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        <option value="en">English</option>
        <option value="ko">한국어</option>
      </select>
    </label>
  )
}

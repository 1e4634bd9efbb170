import { useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useLocale, useStrings } from '../../i18n'
import { campaignsApi } from './api'
import type { StepDraft } from './draft'
import { useTemplates, variantsByName } from './steps-editor'
import { strings } from './strings'

/**
 * A send step's message as a chosen customer would get it now, in the locale picked among the template's
 * variants on the step's channel (the server renders it, with the scope a real send has). It follows the
 * step and locale chosen; the customer is taken when the marketer asks, not at every keystroke.
 */
export function TemplatePreview({ steps }: { steps: StepDraft[] }) {
  const s = useStrings(strings)
  const { locale: uiLocale } = useLocale()
  const sends = steps.map((step, i) => ({ step, number: i + 1 })).filter((x) => x.step.type === 'send')
  const [stepKey, setStepKey] = useState<number | null>(null)
  const chosen = sends.find((x) => x.step.key === stepKey) ?? sends[0]
  const [locale, setLocale] = useState('')
  const [typed, setTyped] = useState('')
  const [customerId, setCustomerId] = useState('')
  const ids = { step: useId(), locale: useId(), customer: useId() }
  const templates = useTemplates(chosen?.step.channel ?? 'email')
  const variants = chosen
    ? (variantsByName(templates.data?.templates ?? []).get(chosen.step.template) ?? [])
    : []
  // The reader's own language first, until another is picked.
  const template =
    variants.find((v) => v.locale === locale) ?? variants.find((v) => v.locale === uiLocale) ?? variants[0]
  const preview = useQuery({
    queryKey: ['template-preview', template?.id, customerId],
    queryFn: () => campaignsApi.preview(template?.id ?? '', customerId),
    enabled: template !== undefined && customerId !== '',
    retry: false,
  })
  const show = (event: FormEvent) => {
    event.preventDefault()
    setCustomerId(typed.trim())
  }
  return (
    <section aria-labelledby="preview-heading" className="template-preview">
      <h2 id="preview-heading">{s.preview}</h2>
      {sends.length === 0 ? (
        <p>{s.noSendSteps}</p>
      ) : (
        <form onSubmit={show} className="preview-controls">
          <label htmlFor={ids.step}>{s.previewStep}</label>
          <select
            id={ids.step}
            value={chosen?.step.key ?? ''}
            onChange={(e) => setStepKey(Number(e.target.value))}
          >
            {sends.map(({ step, number }) => (
              <option key={step.key} value={step.key}>
                {s.stepLabel(number, step.template || s.chooseTemplate, s.channels[step.channel])}
              </option>
            ))}
          </select>
          <label htmlFor={ids.locale}>{s.locale}</label>
          <select id={ids.locale} value={template?.locale ?? ''} onChange={(e) => setLocale(e.target.value)}>
            {variants.length === 0 && <option value="">{s.noTemplateHere}</option>}
            {variants.map((v) => (
              <option key={v.id} value={v.locale}>
                {v.locale}
              </option>
            ))}
          </select>
          <label htmlFor={ids.customer}>{s.previewCustomer}</label>
          <input id={ids.customer} value={typed} onChange={(e) => setTyped(e.target.value)} />
          <button type="submit">{s.showPreview}</button>
        </form>
      )}
      <div aria-live="polite">
        {customerId !== '' && template && preview.isPending && <p aria-busy="true">{s.rendering}</p>}
        {preview.isError && (
          <p className="error" role="alert">
            {preview.error.message}
          </p>
        )}
        {preview.data && (
          <article className="rendered" aria-label={s.renderedFor(customerId)}>
            {preview.data.subject !== null && (
              <p>
                <strong>{s.subject}</strong> {preview.data.subject}
              </p>
            )}
            <pre>{preview.data.text}</pre>
          </article>
        )}
      </div>
    </section>
  )
}

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../api'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import type { Campaign, CampaignInput } from './api'
import { type Draft, inputOf } from './draft'
import { FieldErrorsProvider, type FieldProblem, ProblemSummary } from './field-errors'
import { InputField, SelectField } from './inputs'
import { RulesEditor } from './rules-editor'
import { StepsEditor } from './steps-editor'
import { strings } from './strings'
import { TemplatePreview } from './template-preview'
import { TriggerFields } from './trigger-fields'

/**
 * The campaign as a form. It sends what was typed and lets the API judge it: a refusal's problems are
 * shown at their inputs and in a summary on top; nothing is checked here more strictly than there.
 */
export function CampaignForm({
  initial,
  submitLabel,
  save,
  onSaved,
}: {
  initial: Draft
  submitLabel: string
  save(input: CampaignInput): Promise<Campaign>
  onSaved(campaign: Campaign): void
}) {
  const s = useStrings(strings)
  const [draft, setDraft] = useState(initial)
  const change = (c: Partial<Draft>) => setDraft((d) => ({ ...d, ...c }))
  const client = useQueryClient()
  const summary = useRef<HTMLDivElement>(null)
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: async (campaign) => {
      await client.invalidateQueries({ queryKey: ['campaigns'] })
      onSaved(campaign)
    },
  })
  const error = mutation.error
  const problems: FieldProblem[] = error instanceof ApiError ? error.details : []
  useEffect(() => {
    if (error) summary.current?.scrollIntoView({ block: 'start' })
  }, [error])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    mutation.mutate(inputOf(draft))
  }
  return (
    <FieldErrorsProvider problems={problems}>
      <div ref={summary}>
        {error && (
          <ProblemSummary
            title={s.refused}
            message={error.message}
            problems={problems}
            label={(field) => fieldLabel(field, s)}
          />
        )}
      </div>
      <div className="builder">
        <form className="campaign-form" onSubmit={submit} noValidate>
          <NameField draft={draft} onChange={change} />
          <TriggerFields draft={draft} onChange={change} />
          <RulesEditor
            legend={s.audience}
            path="body.audience"
            over="profile"
            rules={draft.audience}
            onChange={(audience) => change({ audience })}
          />
          <StepsEditor steps={draft.steps} onChange={(steps) => change({ steps })} />
          <MeasureFields draft={draft} onChange={change} />
          <LimitFields draft={draft} onChange={change} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={mutation.isPending}>
              {mutation.isPending ? s.saving : submitLabel}
            </button>
          </div>
        </form>
        <TemplatePreview steps={draft.steps} />
      </div>
    </FieldErrorsProvider>
  )
}

type Change = (change: Partial<Draft>) => void

function NameField({ draft, onChange }: { draft: Draft; onChange: Change }) {
  const s = useStrings(strings)
  return (
    <InputField
      path="body.name"
      label={s.name}
      className="wide"
      value={draft.name}
      onChange={(name) => onChange({ name })}
    />
  )
}

/** The holdout and the goal: what the report will measure, against whom. */
function MeasureFields({ draft, onChange }: { draft: Draft; onChange: Change }) {
  const s = useStrings(strings)
  const f = useFormat()
  const share = Number(draft.holdoutShare)
  return (
    <fieldset>
      <legend>{s.measure}</legend>
      <InputField
        path="body.holdoutShare"
        label={s.holdoutShare}
        number={{ min: 0, max: 0.5, step: '0.01' }}
        value={draft.holdoutShare}
        onChange={(holdoutShare) => onChange({ holdoutShare })}
      >
        {draft.holdoutShare !== '' && Number.isFinite(share) && (
          <span className="hint">{s.holdoutMeans(f.percent(share))}</span>
        )}
      </InputField>
      <p className="hint">{s.goal}</p>
      <InputField
        path="body.goalDays"
        label={s.goalDays}
        number={{ min: 1, max: 90 }}
        value={draft.goalDays}
        onChange={(goalDays) => onChange({ goalDays })}
      />
    </fieldset>
  )
}

/** Caps and quiet hours: how often a customer may hear from the shop, and when not. */
function LimitFields({ draft, onChange }: { draft: Draft; onChange: Change }) {
  const s = useStrings(strings)
  return (
    <fieldset>
      <legend>{s.limits}</legend>
      <p className="hint">{s.capsHint}</p>
      {(['perChannelPerDay', 'perChannelPerWeek', 'globalPerWeek'] as const).map((cap) => (
        <InputField
          key={cap}
          path={`body.caps.${cap}`}
          label={s.caps[cap]}
          number={{ min: 1 }}
          value={draft[cap]}
          onChange={(value) => onChange({ [cap]: value })}
        />
      ))}
      <SelectField
        path="body.quietHours"
        label={s.quietHours}
        value={draft.quietHours}
        options={(['hold', 'skip'] as const).map((q) => [q, s.quiet[q]])}
        onChange={(quietHours) => onChange({ quietHours: quietHours as Draft['quietHours'] })}
      />
    </fieldset>
  )
}

/** An API field path in the reader's words: `body.steps.0.template` is "Step 1 › Template". */
export function fieldLabel(field: string, s: (typeof strings)['en']): string {
  const parts = field.replace(/^body\./, '').split('.')
  const words: string[] = []
  const named = (part: string) => s.fieldNames[part] ?? part
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? ''
    const next = parts[i + 1]
    if (next !== undefined && /^\d+$/.test(next)) {
      words.push(s.fieldItem(named(part), Number(next) + 1))
      i++
    } else words.push(named(part))
  }
  return words.join(' › ')
}

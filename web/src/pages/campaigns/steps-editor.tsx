import { useQuery } from '@tanstack/react-query'
import { useStrings } from '../../i18n'
import {
  type Channel,
  CONDITIONS,
  campaignsApi,
  MESSAGE_TYPES,
  type MessageTemplate,
  SEND_CHANNELS,
} from './api'
import { newStep, type StepDraft } from './draft'
import { GroupProblems } from './field-errors'
import { InputField, SelectField } from './inputs'
import { strings } from './strings'

/** The message templates of a channel (every locale), shared by the steps and the preview. */
export function useTemplates(channel: Channel) {
  return useQuery({
    queryKey: ['message-templates', channel],
    queryFn: () => campaignsApi.templates(channel),
    staleTime: 60_000,
  })
}

/** A template name's locales on a channel, by name. */
export function variantsByName(templates: MessageTemplate[]): Map<string, MessageTemplate[]> {
  const byName = new Map<string, MessageTemplate[]>()
  for (const template of templates)
    byName.set(template.name, [...(byName.get(template.name) ?? []), template])
  return byName
}

/** The flow: sends, waits and conditions, in order; each can be moved, removed or changed. */
export function StepsEditor({ steps, onChange }: { steps: StepDraft[]; onChange(steps: StepDraft[]): void }) {
  const s = useStrings(strings)
  const set = (key: number, change: Partial<StepDraft>) =>
    onChange(steps.map((step) => (step.key === key ? { ...step, ...change } : step)))
  const move = (from: number, to: number) => {
    const next = [...steps]
    const [step] = next.splice(from, 1)
    if (step) next.splice(to, 0, step)
    onChange(next)
  }
  return (
    <fieldset className="steps">
      <legend>{s.steps}</legend>
      <GroupProblems path="body.steps" />
      <ol>
        {steps.map((step, i) => (
          <li key={step.key} className="step">
            <StepFields
              path={`body.steps.${i}`}
              number={i + 1}
              step={step}
              onChange={(change) => set(step.key, change)}
            />
            <div className="step-actions">
              <button type="button" disabled={i === 0} onClick={() => move(i, i - 1)}>
                {s.moveUp(i + 1)}
              </button>
              <button type="button" disabled={i === steps.length - 1} onClick={() => move(i, i + 1)}>
                {s.moveDown(i + 1)}
              </button>
              <button type="button" onClick={() => onChange(steps.filter((x) => x.key !== step.key))}>
                {s.removeStep(i + 1)}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...steps, newStep()])}>
        {s.addStep}
      </button>
    </fieldset>
  )
}

function StepFields({
  path,
  number,
  step,
  onChange,
}: {
  path: string
  number: number
  step: StepDraft
  onChange(change: Partial<StepDraft>): void
}) {
  const s = useStrings(strings)
  return (
    <>
      <GroupProblems path={path} />
      <SelectField
        path={`${path}.type`}
        label={s.stepType(number)}
        value={step.type}
        options={(['send', 'wait', 'condition'] as const).map((type) => [type, s.stepTypes[type]])}
        onChange={(type) => onChange({ type: type as StepDraft['type'] })}
      />
      {step.type === 'wait' && (
        <InputField
          path={`${path}.hours`}
          label={s.waitHours}
          number={{}}
          value={step.hours}
          onChange={(hours) => onChange({ hours })}
        />
      )}
      {step.type === 'condition' && (
        <SelectField
          path={`${path}.check`}
          label={s.check}
          value={step.check}
          options={CONDITIONS.map((c) => [c, s.conditions[c]])}
          onChange={(check) => onChange({ check })}
        />
      )}
      {step.type === 'send' && (
        <>
          <SelectField
            path={`${path}.channel`}
            label={s.channel}
            value={step.channel}
            options={SEND_CHANNELS.map((c) => [c, s.channels[c]])}
            onChange={(channel) => onChange({ channel: channel as Channel })}
          />
          <TemplatePicker path={`${path}.template`} step={step} onChange={onChange} />
          <SelectField
            path={`${path}.messageType`}
            label={s.messageType}
            value={step.messageType}
            options={MESSAGE_TYPES.map((m) => [m, s.messageTypes[m]])}
            onChange={(messageType) => onChange({ messageType })}
          />
        </>
      )}
    </>
  )
}

/** The template by name among the channel's; each name lists the locales it is written in. */
function TemplatePicker({
  path,
  step,
  onChange,
}: {
  path: string
  step: StepDraft
  onChange(change: Partial<StepDraft>): void
}) {
  const s = useStrings(strings)
  const templates = useTemplates(step.channel)
  const byName = variantsByName(templates.data?.templates ?? [])
  const names = [...byName.keys()].sort()
  // A name the list lacks (a campaign written through the API, a template since removed) stays choosable.
  if (step.template && !byName.has(step.template)) names.unshift(step.template)
  const locales = byName.get(step.template)?.map((t) => t.locale) ?? []
  return (
    <SelectField
      path={path}
      label={s.template}
      value={step.template}
      options={[
        ['', templates.isPending ? s.loadingTemplates : s.chooseTemplate],
        ...names.map((n) => [n, n] as const),
      ]}
      onChange={(template) => onChange({ template })}
    >
      {step.template !== '' && (
        <span className="hint">
          {locales.length > 0 ? s.writtenIn(locales.sort().join(', ')) : s.noTemplateHere}
        </span>
      )}
    </SelectField>
  )
}

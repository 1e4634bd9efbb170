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
import { FieldRow, GroupProblems, useField } from './field-errors'
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
  const type = useField(`${path}.type`)
  const hours = useField(`${path}.hours`)
  const check = useField(`${path}.check`)
  const channel = useField(`${path}.channel`)
  const messageType = useField(`${path}.messageType`)
  return (
    <>
      <GroupProblems path={path} />
      <FieldRow field={type} label={s.stepType(number)}>
        <select
          {...type.props}
          value={step.type}
          onChange={(e) => onChange({ type: e.target.value as StepDraft['type'] })}
        >
          <option value="send">{s.stepTypes.send}</option>
          <option value="wait">{s.stepTypes.wait}</option>
          <option value="condition">{s.stepTypes.condition}</option>
        </select>
      </FieldRow>
      {step.type === 'wait' && (
        <FieldRow field={hours} label={s.waitHours}>
          <input
            {...hours.props}
            type="number"
            value={step.hours}
            onChange={(e) => onChange({ hours: e.target.value })}
          />
        </FieldRow>
      )}
      {step.type === 'condition' && (
        <FieldRow field={check} label={s.check}>
          <select {...check.props} value={step.check} onChange={(e) => onChange({ check: e.target.value })}>
            {CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {s.conditions[c]}
              </option>
            ))}
          </select>
        </FieldRow>
      )}
      {step.type === 'send' && (
        <>
          <FieldRow field={channel} label={s.channel}>
            <select
              {...channel.props}
              value={step.channel}
              onChange={(e) => onChange({ channel: e.target.value as Channel })}
            >
              {SEND_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {s.channels[c]}
                </option>
              ))}
            </select>
          </FieldRow>
          <TemplatePicker path={`${path}.template`} step={step} onChange={onChange} />
          <FieldRow field={messageType} label={s.messageType}>
            <select
              {...messageType.props}
              value={step.messageType}
              onChange={(e) => onChange({ messageType: e.target.value })}
            >
              {MESSAGE_TYPES.map((m) => (
                <option key={m} value={m}>
                  {s.messageTypes[m]}
                </option>
              ))}
            </select>
          </FieldRow>
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
  const field = useField(path)
  const templates = useTemplates(step.channel)
  const byName = variantsByName(templates.data?.templates ?? [])
  const names = [...byName.keys()].sort()
  // A name the list lacks (a campaign written through the API, a template since removed) stays choosable.
  if (step.template && !byName.has(step.template)) names.unshift(step.template)
  const locales = byName.get(step.template)?.map((t) => t.locale) ?? []
  return (
    <FieldRow field={field} label={s.template}>
      <select {...field.props} value={step.template} onChange={(e) => onChange({ template: e.target.value })}>
        <option value="">{templates.isPending ? s.loadingTemplates : s.chooseTemplate}</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      {step.template !== '' && (
        <span className="hint">
          {locales.length > 0 ? s.writtenIn(locales.sort().join(', ')) : s.noTemplateHere}
        </span>
      )}
    </FieldRow>
  )
}

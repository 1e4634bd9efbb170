import { useLocale, useStrings } from '../../i18n'
import { SIGNAL_KINDS } from './api'
import type { Draft } from './draft'
import { FieldRow, GroupProblems, useField } from './field-errors'
import { RulesEditor } from './rules-editor'
import { strings } from './strings'

type Change = (change: Partial<Draft>) => void

/** What makes a customer enter: a radar signal, a track event (with rules on it) or a segment's membership. */
export function TriggerFields({ draft, onChange }: { draft: Draft; onChange: Change }) {
  const { t } = useLocale()
  const s = useStrings(strings)
  const type = useField('body.trigger.type')
  const kind = useField('body.trigger.kind')
  const event = useField('body.trigger.event')
  const maxAge = useField('body.trigger.maxAgeHours')
  const every = useField('body.trigger.everyHours')
  const reenter = useField('body.trigger.reenterAfterDays')
  return (
    <fieldset>
      <legend>{s.trigger}</legend>
      <GroupProblems path="body.trigger" />
      <FieldRow field={type} label={s.triggerType}>
        <select
          {...type.props}
          value={draft.triggerType}
          onChange={(e) => onChange({ triggerType: e.target.value as Draft['triggerType'] })}
        >
          <option value="signal">{s.triggerTypes.signal}</option>
          <option value="event">{s.triggerTypes.event}</option>
          <option value="segment">{s.triggerTypes.segment}</option>
        </select>
      </FieldRow>
      {draft.triggerType === 'signal' && (
        <FieldRow field={kind} label={s.signalKind}>
          <select {...kind.props} value={draft.kind} onChange={(e) => onChange({ kind: e.target.value })}>
            {SIGNAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k] ?? k}
              </option>
            ))}
          </select>
        </FieldRow>
      )}
      {draft.triggerType === 'event' && (
        <>
          <FieldRow field={event} label={s.eventName}>
            <input
              {...event.props}
              value={draft.event}
              placeholder="Checkout Started"
              onChange={(e) => onChange({ event: e.target.value })}
            />
          </FieldRow>
          <RulesEditor
            legend={s.eventRules}
            path="body.trigger.where"
            over="event"
            rules={draft.where}
            onChange={(where) => onChange({ where })}
          />
        </>
      )}
      {draft.triggerType === 'segment' ? (
        <>
          <RulesEditor
            legend={s.segmentRules}
            path="body.trigger.rules"
            over="profile"
            rules={draft.segmentRules}
            onChange={(segmentRules) => onChange({ segmentRules })}
          />
          <FieldRow field={every} label={s.everyHours}>
            <input
              {...every.props}
              type="number"
              min={1}
              value={draft.everyHours}
              onChange={(e) => onChange({ everyHours: e.target.value })}
            />
          </FieldRow>
          <FieldRow field={reenter} label={s.reenterAfterDays}>
            <input
              {...reenter.props}
              type="number"
              min={1}
              value={draft.reenterAfterDays}
              onChange={(e) => onChange({ reenterAfterDays: e.target.value })}
            />
          </FieldRow>
        </>
      ) : (
        <FieldRow field={maxAge} label={s.maxAgeHours}>
          <input
            {...maxAge.props}
            type="number"
            value={draft.maxAgeHours}
            onChange={(e) => onChange({ maxAgeHours: e.target.value })}
          />
        </FieldRow>
      )}
    </fieldset>
  )
}
